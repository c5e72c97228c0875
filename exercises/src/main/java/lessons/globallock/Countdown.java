package lessons.globallock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Lesson 04, part 1: the tutorial's {@code countdown}, made honest for the JIT, and counted on several threads.
 *
 * <p>Python's {@code countdown(n)} only decrements {@code n}. In Java that loop computes nothing anybody reads, and
 * the JIT may delete it: you would time an empty method. So our countdown also adds up {@link #mix(long)} of every
 * value it counts through and returns that checksum; the tests check it, so the work must really be done.
 *
 * <p>Lesson page: docs/lessons/04-global-lock.md
 */
public final class Countdown {

    /** The tutorial's {@code large_number}: 100 million steps. */
    public static final long LARGE_NUMBER = 100_000_000L;

    private Countdown() {
    }

    /** Counts a chunk of a countdown: the values {@code from, from - 1, ..., downTo + 1}; returns their checksum. */
    @FunctionalInterface
    public interface Counter {
        long count(long from, long downTo);
    }

    /**
     * The work of one step: scrambles n (the finalizer of SplitMix64: a few multiplications, shifts and xors).
     * Given; do not change it, the tests compute the same.
     */
    public static long mix(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The whole countdown from n: {@code countdown(n, 0)}. */
    public static long countdown(long n) {
        return countdown(n, 0);
    }

    /**
     * Counts down from {@code from} to {@code downTo}, the way the tutorial does ({@code while n > downTo: n -= 1}), and
     * returns the sum of {@code mix(n)} over every value n it counts through: {@code from, from - 1, ..., downTo + 1}
     * ({@code long} arithmetic, overflow wraps around). Counting down from 3 to 0 returns mix(3) + mix(2) + mix(1);
     * from 5 to 5 returns 0.
     *
     * @throws IllegalArgumentException unless 0 &lt;= downTo &lt;= from
     */
    public static long countdown(long from, long downTo) {
        throw new UnsupportedOperationException("TODO: count down from `from` to `downTo`, adding mix(n) of every n counted through");
    }

    /** The countdown from n split over {@code threads} threads, each counting its chunk with {@link #countdown(long, long)}. */
    public static long onThreads(int threads, long n) {
        return onThreads(threads, n, Countdown::countdown, Thread::new);
    }

    /** The same, on threads made by {@code factory}. */
    public static long onThreads(int threads, long n, ThreadFactory factory) {
        return onThreads(threads, n, Countdown::countdown, factory);
    }

    /**
     * Splits the countdown from n to 0 into {@code min(threads, n)} chunks whose sizes differ by at most one, counts each
     * chunk with {@code counter} on a thread of its own (made by {@code factory}), all at the same time, and returns the
     * sum of the chunks' checksums. As every chunk adds up mix(n) over its own values, the sum is
     * {@code countdown(n)}, however many threads counted. With n = 0: no thread, and 0.
     *
     * <p>A chunk is a pair {@code (from, downTo)}: the thread calls {@code counter.count(from, downTo)}. Chunks cover
     * every value from n down to 1 exactly once.
     *
     * @throws IllegalArgumentException if threads &lt; 1 or n &lt; 0
     * @throws IllegalStateException    if a counter threw (with that exception as the cause), or if interrupted
     */
    public static long onThreads(int threads, long n, Counter counter, ThreadFactory factory) {
        throw new UnsupportedOperationException("TODO: split the countdown into min(threads, n) balanced chunks, count each on its own thread (from the factory), add the checksums");
    }

    static void requireRange(long from, long downTo) {
        if (downTo < 0 || from < downTo) {
            throw new IllegalArgumentException("a countdown needs 0 <= downTo <= from, was from " + from + " down to " + downTo);
        }
    }
}
