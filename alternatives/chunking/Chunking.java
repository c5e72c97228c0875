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
 * Alternative (k * n / count chunks, threads with a latch, pool.submit). Lesson 08: chunked reduction. Split the indices {@code [0, n)} into balanced chunks, one per worker; let each
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
        if (n < 0 || workers < 1) {
            throw new IllegalArgumentException("n = " + n + ", workers = " + workers);
        }
        // Alternative: chunk k is [k * n / count, (k + 1) * n / count), in long arithmetic.
        int count = Math.min(n, workers);
        List<Chunk> result = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            result.add(new Chunk((int) ((long) k * n / count), (int) ((long) (k + 1) * n / count)));
        }
        return result;
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
        // Alternative: plain threads that leave their result or failure in arrays, and a latch.
        List<Chunk> chunks = chunks(n, threads);
        Object[] results = new Object[chunks.size()];
        Throwable[] failures = new Throwable[chunks.size()];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(chunks.size());
        for (int k = 0; k < chunks.size(); k++) {
            int slot = k;
            Chunk chunk = chunks.get(k);
            new Thread(() -> {
                try {
                    results[slot] = fn.apply(chunk.from(), chunk.to());
                } catch (Throwable t) {
                    failures[slot] = t;
                } finally {
                    done.countDown();
                }
            }).start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<R> inOrder = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            if (failures[k] instanceof RuntimeException runtime) {
                throw runtime;
            } else if (failures[k] instanceof Error error) {
                throw error;
            } else if (failures[k] != null) {
                throw new IllegalStateException(failures[k]);
            }
            @SuppressWarnings("unchecked")
            R result = (R) results[k];
            inOrder.add(result);
        }
        return inOrder;
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link #chunks chunks(n, pool.size())}, in the pool's worker processes
     * (through {@code ProcessPool.starmap}); the results in chunk order.
     *
     * @throws ExecutionException if fn threw in a worker
     */
    public static <R> List<R> mapChunksOnPool(Pool pool, int n, SerializableBiFunction<Integer, Integer, R> fn)
            throws InterruptedException, ExecutionException {
        List<Args<Integer, Integer>> ranges = chunks(n, pool.size()).stream().map(c -> Args.of(c.from(), c.to())).toList();
        return ProcessPool.starmap(pool, fn, ranges);
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
        if (a.length != b.length) {
            throw new IllegalArgumentException("a and b differ in length: " + a.length + " vs " + b.length);
        }
        List<Chunk> parts = chunks(a.length, pool.size());
        List<Args<int[], int[]>> slices = new ArrayList<>(parts.size());
        for (Chunk part : parts) {
            slices.add(Args.of(Arrays.copyOfRange(a, part.from(), part.to()), Arrays.copyOfRange(b, part.from(), part.to())));
        }
        List<int[]> sums = ProcessPool.starmap(pool, Chunking::addSlices, slices);
        int[] c = new int[a.length];
        for (int k = 0; k < parts.size(); k++) {
            System.arraycopy(sums.get(k), 0, c, parts.get(k).from(), parts.get(k).size());
        }
        return c;
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
        long total = 0;
        for (long partial : mapChunksOnThreads(values.length, threads, (from, to) -> sumRange(values, from, to))) {
            total += partial;
        }
        return total;
    }

    /** The sum of all values, as a long: one slice per worker of the pool summed there ({@code ProcessPool.map} of {@link #sumSlice}). */
    public static long sumOnPool(Pool pool, int[] values) throws InterruptedException, ExecutionException {
        // Alternative: pool.submit of sumSlice for each chunk, without map.
        List<java.util.concurrent.Future<Long>> partials = new ArrayList<>();
        for (Chunk c : chunks(values.length, pool.size())) {
            partials.add(pool.submit(Chunking::sumSlice, Arrays.copyOfRange(values, c.from(), c.to())));
        }
        long total = 0;
        for (java.util.concurrent.Future<Long> partial : partials) {
            total += partial.get();
        }
        return total;
    }

    /**
     * How many values fall into each bin: {@code counts[v]} is the number of values equal to v, for bins
     * {@code 0 .. bins-1} (the serial part of a chunked histogram).
     *
     * @throws IllegalArgumentException if bins &lt; 1, or a value is outside {@code [0, bins)}
     */
    public static int[] histogramOf(int[] values, int bins) {
        ELEMENTS_DONE_HERE.addAndGet(values.length);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        int[] counts = new int[bins];
        for (int v : values) {
            if (v < 0 || v >= bins) {
                throw new IllegalArgumentException("value " + v + " is outside the bins [0, " + bins + ")");
            }
            counts[v]++;
        }
        return counts;
    }

    /** The histogram of all values: a histogram per chunk on {@code threads} threads, then the partial histograms added bin by bin. */
    public static int[] histogram(int[] values, int bins, int threads) {
        int[] total = histogramOf(new int[0], bins); // all zeros; checks bins
        for (int[] part : mapChunksOnThreads(values.length, threads,
                (from, to) -> histogramOf(Arrays.copyOfRange(values, from, to), bins))) {
            for (int bin = 0; bin < bins; bin++) {
                total[bin] += part[bin];
            }
        }
        return total;
    }

    /** The histogram of all values: one slice per worker of the pool ({@code ProcessPool.starmap} of {@link #histogramOf}), partial histograms added. */
    public static int[] histogramOnPool(Pool pool, int[] values, int bins) throws InterruptedException, ExecutionException {
        // Alternative: map of a lambda that captures bins.
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        List<int[]> slices = chunks(values.length, pool.size()).stream()
                .map(c -> Arrays.copyOfRange(values, c.from(), c.to())).toList();
        int[] total = new int[bins];
        for (int[] part : ProcessPool.map(pool, slice -> histogramOf(slice, bins), slices)) {
            for (int bin = 0; bin < bins; bin++) {
                total[bin] += part[bin];
            }
        }
        return total;
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
        double total = 0;
        for (double partial : mapChunksOnThreads(values.length, threads, (from, to) -> sumRange(values, from, to))) {
            total += partial;
        }
        return total;
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
        double total = 0;
        for (double partial : mapChunksOnPool(pool, n, Chunking::series)) {
            total += partial;
        }
        return total;
    }
}
