package lessons.chunking;

import kit.multiprocessing.Pool;
import lessons.processpool.Args;
import lessons.processpool.ProcessPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A chunked histogram: a histogram per chunk, on threads or in worker processes, then the partial histograms added
 * bin by bin.
 */
public final class ChunkedHistogram {

    private ChunkedHistogram() {
    }

    /**
     * How many values fall into each bin: {@code counts[v]} is the number of values equal to v, for bins
     * {@code 0 .. bins-1} (the serial part of a chunked histogram).
     *
     * @throws IllegalArgumentException if bins &lt; 1, or a value is outside {@code [0, bins)}
     */
    public static int[] histogramOf(int[] values, int bins) {
        MapChunks.ELEMENTS_DONE_HERE.addAndGet(values.length);
        // BEGIN SOLUTION count every value into counts[value]; bins < 1 or a value outside [0, bins): IllegalArgumentException
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
        // END SOLUTION
    }

    /** The histogram of all values: a histogram per chunk on {@code threads} threads, then the partial histograms added bin by bin. */
    public static int[] histogram(int[] values, int bins, int threads) {
        // BEGIN SOLUTION MapChunks.mapChunksOnThreads with histogramOf over each chunk's slice, then add the partial histograms bin by bin
        int[] total = histogramOf(new int[0], bins); // all zeros; checks bins
        for (int[] part : MapChunks.mapChunksOnThreads(values.length, threads,
                (from, to) -> histogramOf(Arrays.copyOfRange(values, from, to), bins))) {
            for (int bin = 0; bin < bins; bin++) {
                total[bin] += part[bin];
            }
        }
        return total;
        // END SOLUTION
    }

    /** The histogram of all values: one slice per worker of the pool ({@code ProcessPool.starmap} of {@link #histogramOf}), partial histograms added. */
    public static int[] histogramOnPool(Pool pool, int[] values, int bins) throws InterruptedException, ExecutionException {
        // BEGIN SOLUTION starmap histogramOf over Args.of(slice, bins) of every chunk of Chunks.chunks(n, pool.size()), then add the partial histograms
        List<Args<int[], Integer>> slices = new ArrayList<>();
        for (Chunk c : Chunks.chunks(values.length, pool.size())) {
            slices.add(Args.of(Arrays.copyOfRange(values, c.from(), c.to()), bins));
        }
        int[] total = histogramOf(new int[0], bins);
        for (int[] part : ProcessPool.starmap(pool, ChunkedHistogram::histogramOf, slices)) {
            Arrays.setAll(total, bin -> total[bin] + part[bin]);
        }
        return total;
        // END SOLUTION
    }
}
