package lessons.globallock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Alternative (a latch and an AtomicLong, chunks from the top). Lesson 04, part 1: the tutorial's {@code countdown}, made honest for the JIT, and counted on several threads.
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
        requireRange(from, downTo);
        long checksum = 0;
        for (long n = from; n > downTo; n--) {
            checksum += mix(n);
        }
        return checksum;
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
        if (threads < 1 || n < 0) {
            throw new IllegalArgumentException("need threads >= 1 and n >= 0, was " + threads + " and " + n);
        }
        int chunks = (int) Math.min(threads, n);
        // Alternative: chunk k counts (n - (k + 1) * n / chunks, n - k * n / chunks], from the top down; the threads
        // report through an AtomicLong and a latch instead of arrays and joins.
        java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(chunks);
        List<Thread> workers = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            long from = n - split(n, chunks, k);
            long downTo = n - split(n, chunks, k + 1);
            workers.add(factory.newThread(() -> {
                try {
                    sum.addAndGet(counter.count(from, downTo));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }));
        }
        for (Thread worker : workers) {
            worker.start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the chunks were counted", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a chunk's counter failed: " + failure.get(), failure.get());
        }
        return sum.get();
    }

    /** k * n / chunks without overflow: n = q * chunks + r. */
    static long split(long n, int chunks, int k) {
        return n / chunks * k + n % chunks * k / chunks;
    }

    static void requireRange(long from, long downTo) {
        if (downTo < 0 || from < downTo) {
            throw new IllegalArgumentException("a countdown needs 0 <= downTo <= from, was from " + from + " down to " + downTo);
        }
    }
}
