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
        throw new UnsupportedOperationException("TODO: count every value into counts[value]; bins < 1 or a value outside [0, bins): IllegalArgumentException");
    }

    /** The histogram of all values: a histogram per chunk on {@code threads} threads, then the partial histograms added bin by bin. */
    public static int[] histogram(int[] values, int bins, int threads) {
        throw new UnsupportedOperationException("TODO: MapChunks.mapChunksOnThreads with histogramOf over each chunk's slice, then add the partial histograms bin by bin");
    }

    /** The histogram of all values: one slice per worker of the pool ({@code ProcessPool.starmap} of {@link #histogramOf}), partial histograms added. */
    public static int[] histogramOnPool(Pool pool, int[] values, int bins) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: starmap histogramOf over Args.of(slice, bins) of every chunk of Chunks.chunks(n, pool.size()), then add the partial histograms");
    }
}
