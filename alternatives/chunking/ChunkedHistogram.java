package lessons.chunking;

import kit.multiprocessing.Pool;
import lessons.processpool.ProcessPool;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Alternative: on the pool, {@code map} of a lambda that captures bins. A chunked histogram: a histogram per chunk, on
 * threads or in worker processes, then the partial histograms added bin by bin.
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
        for (int[] part : MapChunks.mapChunksOnThreads(values.length, threads,
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
        List<int[]> slices = Chunks.chunks(values.length, pool.size()).stream()
                .map(c -> Arrays.copyOfRange(values, c.from(), c.to())).toList();
        int[] total = new int[bins];
        for (int[] part : ProcessPool.map(pool, slice -> histogramOf(slice, bins), slices)) {
            for (int bin = 0; bin < bins; bin++) {
                total[bin] += part[bin];
            }
        }
        return total;
    }
}
