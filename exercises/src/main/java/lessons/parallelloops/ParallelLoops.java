package lessons.parallelloops;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Lesson 09: Numba's {@code prange} for Java. The same loop over i = 0 .. n-1 twice: serial, on the calling thread,
 * and parallel, split over the cores (a parallel {@link IntStream} does it for you: it cuts the range into pieces
 * and runs them on the common ForkJoinPool and the calling thread).
 *
 * <p>A parallel loop pays off when each element costs a lot of arithmetic (see {@link Series#element}). For vector
 * add, one addition per element, it pays off only when each thread runs a plain loop over a chunk: called once per
 * element from the JDK's shared stream loop, the addition is no longer inlined nor vectorized, and the parallel loop
 * ends up slower than the serial one. Lesson page: docs/lessons/09-parallel-loops.md
 */
public final class ParallelLoops {

    private ParallelLoops() {
    }

    /** {@code out[i] = f(i)} for i = 0 .. n-1, in a plain loop on the calling thread. */
    public static double[] mapSerial(int n, IntToDoubleFunction f) {
        throw new UnsupportedOperationException("TODO: fill out[i] = f(i) in a plain for loop");
    }

    /**
     * {@code out[i] = f(i)} for i = 0 .. n-1, with the elements computed on several threads at once (Numba's
     * {@code prange}). Same array as {@link #mapSerial}: each element is computed alone, order does not matter.
     */
    public static double[] mapParallel(int n, IntToDoubleFunction f) {
        throw new UnsupportedOperationException("TODO: fill out[i] = f(i) with a parallel loop, e.g. IntStream.range(0, n).parallel()");
    }

    /** {@code f(0) + f(1) + ... + f(n-1)}, added up in order on the calling thread. */
    public static double sumSerial(int n, IntToDoubleFunction f) {
        throw new UnsupportedOperationException("TODO: add up f(i) for i = 0 .. n-1 in a plain for loop");
    }

    /**
     * {@code f(0) + f(1) + ... + f(n-1)}, computed on several threads at once. The partial sums are added in another
     * order than the serial loop's, so the result may differ from {@link #sumSerial} in the last digits.
     */
    public static double sumParallel(int n, IntToDoubleFunction f) {
        throw new UnsupportedOperationException("TODO: add up f(i) with a parallel loop, e.g. IntStream.range(0, n).parallel().mapToDouble(f).sum()");
    }

    /** {@code z[i] = x[i] + y[i]} in a plain loop (the tutorial's {@code vector_addition_loop}). */
    public static double[] addSerial(double[] x, double[] y) {
        throw new UnsupportedOperationException("TODO: z[i] = x[i] + y[i] in a plain loop; different lengths are an IllegalArgumentException");
    }

    /**
     * {@code z[i] = x[i] + y[i]} with a parallel loop (the tutorial's {@code vector_addition_loop_jit_parallel}).
     * Give each thread a chunk and a plain loop of its own: a parallel stream over the elements calls a lambda per
     * element from one loop inside the JDK that every parallel stream shares, and there the JIT can neither inline
     * the addition nor vectorize it (see the lesson page).
     */
    public static double[] addParallel(double[] x, double[] y) {
        throw new UnsupportedOperationException("TODO: z[i] = x[i] + y[i] in parallel chunks, each a plain loop; different lengths are an IllegalArgumentException");
    }

    static void requireSize(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
    }

    static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
    }
}
