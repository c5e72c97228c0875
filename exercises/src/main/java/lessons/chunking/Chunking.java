package lessons.chunking;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SerializableBiFunction;
import lessons.processpool.Args;
import lessons.processpool.ProcessPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Lesson 08: chunked reduction. Split the indices {@code [0, n)} into balanced chunks, one per worker; let each
 * worker compute a partial result over its chunk; combine the partial results. Over threads and over processes
 * (the process versions use your {@code ProcessPool.map}/{@code starmap} from lesson 06).
 *
 * <p>The tutorial computed {@code chunk = n // (n_proc - 1)} and relied on the last worker to pick up the rest: it
 * divides by zero for one process, and for many n it leaves elements out (see {@link #tutorialChunks}).
 * Lesson page: docs/lessons/08-chunking.md
 */
public final class Chunking {

    /**
     * Elements that {@link #addSlices}, {@link #sumRange(int[], int, int)} and {@link #histogramOf} have gone through in
     * this process (given). Each process has its own count, as it has its own static fields (lesson 06): the tests read
     * it in the workers and here to see where the work ran.
     */
    static final AtomicLong ELEMENTS_DONE_HERE = new AtomicLong();

    private Chunking() {
    }

    /**
     * Balanced chunks: {@code min(n, workers)} consecutive chunks that cover {@code [0, n)} exactly once, in order,
     * whose sizes differ by at most one. No chunk is ever empty: n &lt; workers gives n chunks of one element (the
     * other workers get nothing to do), n = 0 gives no chunk at all.
     *
     * @throws IllegalArgumentException if n &lt; 0 or workers &lt; 1
     */
    public static List<Chunk> chunks(int n, int workers) {
        throw new UnsupportedOperationException("TODO: min(n, workers) consecutive chunks covering [0, n), the first n % count of them one element longer; n < 0 or workers < 1: IllegalArgumentException");
    }

    /**
     * The tutorial's chunks, as its code computed them (given: the counter-example of the lesson): {@code chunk =
     * n / (nProc - 1)}, worker i takes {@code [i * chunk, (i + 1) * chunk)}, cut at n. Throws
     * {@link ArithmeticException} for nProc = 1, and leaves out every element past {@code nProc * chunk}.
     */
    public static List<Chunk> tutorialChunks(int n, int nProc) {
        int chunk = n / (nProc - 1);
        List<Chunk> result = new ArrayList<>(nProc);
        for (int i = 0; i < nProc; i++) {
            int from = (int) Math.min((long) i * chunk, n);
            int to = (int) Math.min((long) (i + 1) * chunk, n);
            result.add(new Chunk(from, to));
        }
        return result;
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link #chunks chunks(n, threads)}, each on a new thread of its own; all
     * threads started before any is joined. The results come back in chunk order. If fn throws on a thread, this
     * method throws that exception (a checked one wrapped in an {@link IllegalStateException}).
     */
    public static <R> List<R> mapChunksOnThreads(int n, int threads, BiFunction<Integer, Integer, R> fn) {
        throw new UnsupportedOperationException("TODO: one FutureTask on its own Thread per chunk of chunks(n, threads), start them all, then collect get() in chunk order (rethrow what fn threw)");
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link #chunks chunks(n, pool.size())}, in the pool's worker processes
     * (through {@code ProcessPool.starmap}); the results in chunk order.
     *
     * @throws ExecutionException if fn threw in a worker
     */
    public static <R> List<R> mapChunksOnPool(Pool pool, int n, SerializableBiFunction<Integer, Integer, R> fn)
            throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: ProcessPool.starmap of fn over one Args.of(from, to) per chunk of chunks(n, pool.size())");
    }

    // ---- Vector add, through starmap --------------------------------------------------------------------------

    /** The worker's part of a chunked vector add (given): the element-wise sum of two slices. */
    public static int[] addSlices(int[] a, int[] b) {
        ELEMENTS_DONE_HERE.addAndGet(a.length);
        int[] c = new int[a.length];
        Arrays.setAll(c, i -> a[i] + b[i]);
        return c;
    }

    /**
     * {@code c[i] = a[i] + b[i]}: one chunk per worker of the pool; each worker gets only its chunk's slices of a and
     * b ({@code ProcessPool.starmap} of {@link #addSlices}), and the partial results are copied into c at their chunk's
     * offset.
     *
     * @throws IllegalArgumentException if a and b differ in length
     */
    public static int[] addOnPool(Pool pool, int[] a, int[] b) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: starmap addSlices over the slices of a and b of every chunk of chunks(n, pool.size()), then copy each part into c at its chunk's from");
    }

    // ---- Reductions: sum and histogram ------------------------------------------------------------------------

    /** The sum of {@code values[from .. to)} as a long (given: the serial part of a chunked sum). */
    public static long sumRange(int[] values, int from, int to) {
        ELEMENTS_DONE_HERE.addAndGet(Math.max(0, to - from));
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** The sum of a whole slice (given): what a worker process computes. */
    public static long sumSlice(int[] slice) {
        return sumRange(slice, 0, slice.length);
    }

    /** The sum of all values, as a long: a partial sum per chunk on {@code threads} threads, then the partial sums added. */
    public static long sum(int[] values, int threads) {
        throw new UnsupportedOperationException("TODO: mapChunksOnThreads with sumRange over each chunk, then add the partial sums");
    }

    /** The sum of all values, as a long: one slice per worker of the pool summed there ({@code ProcessPool.map} of {@link #sumSlice}). */
    public static long sumOnPool(Pool pool, int[] values) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: ProcessPool.map of sumSlice over the slices of chunks(n, pool.size()), then add the partial sums");
    }

    /**
     * How many values fall into each bin: {@code counts[v]} is the number of values equal to v, for bins
     * {@code 0 .. bins-1} (the serial part of a chunked histogram).
     *
     * @throws IllegalArgumentException if bins &lt; 1, or a value is outside {@code [0, bins)}
     */
    public static int[] histogramOf(int[] values, int bins) {
        ELEMENTS_DONE_HERE.addAndGet(values.length);
        throw new UnsupportedOperationException("TODO: count every value into counts[value]; bins < 1 or a value outside [0, bins): IllegalArgumentException");
    }

    /** The histogram of all values: a histogram per chunk on {@code threads} threads, then the partial histograms added bin by bin. */
    public static int[] histogram(int[] values, int bins, int threads) {
        throw new UnsupportedOperationException("TODO: mapChunksOnThreads with histogramOf over each chunk's slice, then add the partial histograms bin by bin");
    }

    /** The histogram of all values: one slice per worker of the pool ({@code ProcessPool.starmap} of {@link #histogramOf}), partial histograms added. */
    public static int[] histogramOnPool(Pool pool, int[] values, int bins) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: starmap histogramOf over Args.of(slice, bins) of every chunk of chunks(n, pool.size()), then add the partial histograms");
    }

    // ---- Floating point -----------------------------------------------------------------------------------------

    /** The sum of {@code values[from .. to)}, left to right (given). */
    public static double sumRange(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    /**
     * The sum of the doubles, a partial sum per chunk on {@code threads} threads, the partial sums added in chunk order.
     * It differs from the serial loop's sum in the last bits (the additions happen in another order), but the same
     * call always gives the same bits.
     */
    public static double sumDoubles(double[] values, int threads) {
        throw new UnsupportedOperationException("TODO: mapChunksOnThreads with the double sumRange over each chunk, then add the partial sums in chunk order");
    }

    // ---- A compute-heavy reduction ------------------------------------------------------------------------------

    /**
     * A compute-heavy term (given): 200 steps of the logistic map {@code x -> 3.7 x (1 - x)} from a start that depends
     * on i. A few hundred floating-point operations that depend on each other, no memory traffic.
     */
    public static double term(int i) {
        double x = 0.1 + (i % 1000) * 0.0008;
        for (int step = 0; step < 200; step++) {
            x = 3.7 * x * (1 - x);
        }
        return x;
    }

    /** The sum of {@link #term}(i) for i in {@code [from, to)}, left to right (given: the serial loop, and a worker's part). */
    public static double series(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += term(i);
        }
        return sum;
    }

    /** The sum of {@link #term}(i) for i in {@code [0, n)}: {@link #series} of each chunk in the pool's workers, partial sums added in chunk order. */
    public static double seriesOnPool(Pool pool, int n) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: mapChunksOnPool with series over [0, n), then add the partial sums in chunk order");
    }
}
