package lessons.processpool;

import kit.multiprocessing.Pool;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The tutorial's surprise: {@code pool.map(add_vectors_element, range(n))} left the parent's {@code c} all zeros.
 * Each worker process has its own copy of every static field: a worker writes its own {@code c}, and the
 * parent's never changes. (Lesson 07 shares memory between processes on purpose.)
 */
public final class GlobalVectors {

    public static final int N = 200;
    static final int[] A = filled(N, 1);
    static final int[] B = filled(N, 2);
    static final int[] C = new int[N];

    private GlobalVectors() {
    }

    /** The tutorial's {@code add_vectors_element}: {@code c[i] = a[i] + b[i]} in this process's c; returns what it wrote. */
    public static int addVectorsElement(int i) {
        C[i] = A[i] + B[i];
        return C[i];
    }

    /** A copy of this process's c. */
    public static int[] c() {
        return C.clone();
    }

    /** What the experiment saw: the values the workers wrote into their c, and the parent's c afterwards. */
    public record Outcome(List<Integer> writtenInWorkers, int[] parentsC) {
    }

    /** Runs {@link #addVectorsElement} for i = 0 .. N-1 on the pool (with your {@code map}), then reads the parent's c. */
    public static Outcome addOnPool(Pool pool) throws InterruptedException, ExecutionException {
        // Alternative: pool.submit for each element directly, not through map.
        List<java.util.concurrent.Future<Integer>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < N; i++) {
            futures.add(pool.submit(GlobalVectors::addVectorsElement, i));
        }
        List<Integer> written = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> future : futures) {
            written.add(future.get());
        }
        return new Outcome(written, c());
    }

    private static int[] filled(int n, int value) {
        int[] array = new int[n];
        Arrays.fill(array, value);
        return array;
    }
}
