package lessons.parallelloops;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Lesson 09, the warm-up lesson: the tutorial times Numba's {@code @jit} function twice and finds the first call
 * 700 times slower than the second: the first call compiles. The JVM does the same behind your back: a method
 * starts out interpreted, and is compiled (twice: C1, then C2) once it has run often. So one timing of one call
 * says little. This is the small harness that says more: time the first call on its own, throw away some warm-up
 * rounds, then report the median of the steady rounds.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /**
     * What {@link #measure} found.
     *
     * @param firstCallNanos    how long the very first call took
     * @param steadyNanos       how long each steady round took, in the order they ran (warm-up rounds not included)
     * @param steadyMedianNanos the median of {@code steadyNanos}
     * @param lastResult        what the last call returned (kept, so that no call's work is dead code)
     */
    public record Report(long firstCallNanos, long[] steadyNanos, long steadyMedianNanos, Object lastResult) {
        @Override
        public String toString() {
            return "first call " + firstCallNanos + " ns, steady median " + steadyMedianNanos + " ns over "
                    + steadyNanos.length + " rounds";
        }
    }

    /** {@link #measure(Callable, int, int, LongSupplier)} on {@link System#nanoTime()}. */
    public static Report measure(Callable<?> call, int warmUpRounds, int rounds) throws Exception {
        return measure(call, warmUpRounds, rounds, System::nanoTime);
    }

    /**
     * Calls {@code call} {@code 1 + warmUpRounds + rounds} times, one after another on the calling thread, and times
     * each call with {@code clock} (nanoseconds): the first call is reported on its own; the next
     * {@code warmUpRounds} calls are not reported at all; the last {@code rounds} calls are the steady state, reported
     * each and by their median ({@link #median}). Read the clock just before and just after each call, nothing else in
     * between. Keep what the calls return: the last result goes into the report.
     *
     * @throws IllegalArgumentException if warmUpRounds &lt; 0 or rounds &lt; 1
     * @throws Exception                whatever the call throws
     */
    public static Report measure(Callable<?> call, int warmUpRounds, int rounds, LongSupplier clock) throws Exception {
        throw new UnsupportedOperationException("TODO: time the first call, discard warmUpRounds calls, time `rounds` calls and report their median");
    }

    /**
     * The middle value of the samples once sorted; for an even count, the mean of the two middle values (rounded
     * down). Leaves the caller's array as it was.
     *
     * @throws IllegalArgumentException if there are no samples
     */
    public static long median(long[] samples) {
        throw new UnsupportedOperationException("TODO: sort a copy and take the middle (the mean of the two middle values for an even count)");
    }

    /** The tutorial's {@code large_sum} (given): counts to n one step at a time and returns the count. */
    public static long largeSum(long n) {
        long counter = 0;
        for (long i = 0; i < n; i++) {
            counter += 1;
        }
        return counter;
    }
}
