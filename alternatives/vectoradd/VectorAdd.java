package lessons.vectoradd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntBinaryOperator;

/**
 * Alternative: a CountDownLatch instead of joins, and chunks laid out as q + 1 elements for the first n % chunks
 * threads and q for the others (not k*n/chunks).
 */
public final class VectorAdd {

    private VectorAdd() {
    }

    public static int[] addSerial(int[] a, int[] b) {
        requireSameLength(a, b);
        int[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }

    public static int[] addThreadPerElement(int[] a, int[] b) {
        return combineThreadPerElement(a, b, Integer::sum, Thread::new);
    }

    public static int[] addChunked(int[] a, int[] b, int threads) {
        return combineChunked(a, b, Integer::sum, threads, Thread::new);
    }

    public static int[] combineThreadPerElement(int[] a, int[] b, IntBinaryOperator op, ThreadFactory factory) {
        requireSameLength(a, b);
        int[] c = new int[a.length];
        CountDownLatch done = new CountDownLatch(a.length);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            int index = i;
            threads.add(factory.newThread(() -> {
                try {
                    c[index] = op.applyAsInt(a[index], b[index]);
                } finally {
                    done.countDown();
                }
            }));
        }
        startAndAwait(threads, done);
        return c;
    }

    public static int[] combineChunked(int[] a, int[] b, IntBinaryOperator op, int threads, ThreadFactory factory) {
        requireSameLength(a, b);
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        int n = a.length;
        int chunks = Math.min(threads, n);
        int[] c = new int[n];
        CountDownLatch done = new CountDownLatch(chunks);
        List<Thread> workers = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < chunks; k++) {
            int from = start;
            int to = from + n / chunks + (k < n % chunks ? 1 : 0);
            start = to;
            workers.add(factory.newThread(() -> {
                try {
                    for (int i = from; i < to; i++) {
                        c[i] = op.applyAsInt(a[i], b[i]);
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        startAndAwait(workers, done);
        return c;
    }

    static void startAndAwait(List<Thread> threads, CountDownLatch done) {
        for (Thread thread : threads) {
            thread.start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void requireSameLength(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + ", " + b.length);
        }
    }
}
