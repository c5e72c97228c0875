package lessons.chunking;

import kit.multiprocessing.Pool;
import lessons.processpool.ProcessPool;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A chunked sum of ints: a partial sum per chunk, on threads or in worker processes, then the partial sums added. The
 * sum is a long: ints overflow.
 */
public final class ChunkedSum {

    private ChunkedSum() {
    }

    /** The sum of {@code values[from .. to)} as a long (given: the serial part of a chunked sum). */
    public static long sumRange(int[] values, int from, int to) {
        MapChunks.ELEMENTS_DONE_HERE.addAndGet(Math.max(0, to - from));
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
        throw new UnsupportedOperationException("TODO: MapChunks.mapChunksOnThreads with sumRange over each chunk, then add the partial sums");
    }

    /** The sum of all values, as a long: one slice per worker of the pool summed there ({@code ProcessPool.map} of {@link #sumSlice}). */
    public static long sumOnPool(Pool pool, int[] values) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: ProcessPool.map of sumSlice over the slices of Chunks.chunks(n, pool.size()), then add the partial sums");
    }
}
