package lessons.vectoradd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntBinaryOperator;

/**
 * Lesson 02: threaded vector add, {@code c[i] = a[i] + b[i]}, three ways: a serial loop; one thread per
 * element (correct, and far slower than the loop: starting a thread costs tens of microseconds, adding two
 * ints a fraction of a nanosecond); and a fixed number of threads that each take one contiguous chunk.
 *
 * <p>The threaded versions take the operation and a {@link ThreadFactory}, so the same code can add, multiply,
 * or anything else, and so the tests can count the threads you start. Lesson page: docs/lessons/02-vector-add.md
 */
public final class VectorAdd {

    private VectorAdd() {
    }

    /** {@code c[i] = a[i] + b[i]} in a plain loop on the calling thread. */
    public static int[] addSerial(int[] a, int[] b) {
        // BEGIN SOLUTION add the vectors in a plain loop
        requireSameLength(a, b);
        int[] c = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
        // END SOLUTION
    }

    /** {@code c[i] = a[i] + b[i]}, one new thread per element. */
    public static int[] addThreadPerElement(int[] a, int[] b) {
        return combineThreadPerElement(a, b, Integer::sum, Thread::new);
    }

    /** {@code c[i] = a[i] + b[i]} on {@code threads} threads, each adding one contiguous chunk. */
    public static int[] addChunked(int[] a, int[] b, int threads) {
        return combineChunked(a, b, Integer::sum, threads, Thread::new);
    }

    /**
     * {@code c[i] = op(a[i], b[i])}, computed by one thread per element: start a thread (made by {@code factory})
     * for every i, then join them all.
     *
     * @throws IllegalArgumentException if a and b differ in length
     */
    public static int[] combineThreadPerElement(int[] a, int[] b, IntBinaryOperator op, ThreadFactory factory) {
        // BEGIN SOLUTION start one thread per element (from the factory) that computes c[i], then join them all
        requireSameLength(a, b);
        int[] c = new int[a.length];
        List<Thread> threads = new ArrayList<>(a.length);
        for (int i = 0; i < a.length; i++) {
            int index = i;
            threads.add(factory.newThread(() -> c[index] = op.applyAsInt(a[index], b[index])));
        }
        startAndJoin(threads);
        return c;
        // END SOLUTION
    }

    /**
     * {@code c[i] = op(a[i], b[i])}, computed by {@code threads} threads (made by {@code factory}), each taking one
     * contiguous chunk of indices. Chunks differ in size by at most one element, so no thread waits for a slow one.
     * With fewer elements than threads, one thread per element; with none, no thread at all.
     *
     * @throws IllegalArgumentException if a and b differ in length, or threads &lt; 1
     */
    public static int[] combineChunked(int[] a, int[] b, IntBinaryOperator op, int threads, ThreadFactory factory) {
        // BEGIN SOLUTION split [0, n) into min(threads, n) balanced chunks, one thread (from the factory) per chunk
        requireSameLength(a, b);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        int n = a.length;
        int chunks = Math.min(threads, n);
        int[] c = new int[n];
        List<Thread> workers = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            // Chunk k is [k*n/chunks, (k+1)*n/chunks): sizes differ by at most one. long: k*n may overflow an int.
            int from = (int) ((long) k * n / chunks);
            int to = (int) ((long) (k + 1) * n / chunks);
            workers.add(factory.newThread(() -> {
                for (int i = from; i < to; i++) {
                    c[i] = op.applyAsInt(a[i], b[i]);
                }
            }));
        }
        startAndJoin(workers);
        return c;
        // END SOLUTION
    }

    /** Starts every thread first, then waits for each: started and joined one at a time, they would run in turn. */
    static void startAndJoin(List<Thread> threads) {
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the threads", e);
        }
    }

    static void requireSameLength(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a and b differ in length: " + a.length + " vs " + b.length);
        }
    }
}
