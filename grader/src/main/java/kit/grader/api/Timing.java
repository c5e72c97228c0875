package kit.grader.api;

import java.util.Locale;

/** The arithmetic of the timing harness: medians, ratios, and durations as a report shows them. */
public final class Timing {

    private Timing() {
    }

    /** The middle of the samples; for an even count, the mean of the two middle ones (rounded down). */
    public static long median(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples: the median of nothing is undefined");
        }
        long[] sorted = java.util.stream.LongStream.of(samples).sorted().toArray();
        long low = sorted[(sorted.length - 1) / 2];
        long high = sorted[sorted.length / 2];
        return low + (high - low) / 2;
    }

    /**
     * How many times faster the candidate was: {@code baseline / candidate}. Above 1 the candidate was faster.
     * A candidate that took no measurable time at all is infinitely faster; two that both took none are even (1).
     */
    public static double ratio(long baselineNanos, long candidateNanos) {
        if (baselineNanos < 0 || candidateNanos < 0) {
            throw new IllegalArgumentException("durations cannot be negative: " + baselineNanos + ", " + candidateNanos);
        }
        if (candidateNanos == 0) {
            return baselineNanos == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return (double) baselineNanos / candidateNanos;
    }

    /** A duration for a report: "12.3 ms", "850 us", "42 ns". */
    public static String duration(long nanos) {
        if (nanos >= 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        if (nanos >= 1_000) {
            return String.format(Locale.ROOT, "%d us", nanos / 1_000);
        }
        return nanos + " ns";
    }

    /** A ratio for a report: "1.87x". */
    public static String times(double ratio) {
        return Double.isInfinite(ratio) ? "infinitely" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
