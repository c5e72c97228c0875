package kit.grader.api;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a {@link SpeedupCheck}: every attempt made, the limit, the cores it was scaled to, and the speedups the
 * reference work showed after failed attempts (an attempt made while the machine could not show one did not count).
 */
public record SpeedupResult(List<Measurement> attempts, Bound bound, double limit, int cores, boolean passed,
                     List<Double> references) {

    /** The attempt that decided: the passing one, or, after a failure, the one that came closest. */
    public Measurement closest() {
        if (passed) {
            return attempts.get(attempts.size() - 1);
        }
        Comparator<Measurement> byRatio = Comparator.comparingDouble(Measurement::ratio);
        return bound != Bound.BELOW
                ? attempts.stream().max(byRatio).orElseThrow()
                : attempts.stream().min(byRatio).orElseThrow();
    }

    /** The ratio of the deciding attempt. */
    public double ratio() {
        return closest().ratio();
    }
}
