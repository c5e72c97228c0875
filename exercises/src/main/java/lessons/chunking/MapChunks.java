package lessons.chunking;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SerializableBiFunction;
import lessons.processpool.Args;
import lessons.processpool.ProcessPool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * One function per chunk: {@code fn(from, to)} for every chunk of {@link Chunks#chunks}, on threads of this process
 * or in the worker processes of a pool, the results in chunk order. The reductions of this lesson are built on it.
 */
public final class MapChunks {

    /**
     * Elements that {@link ChunkedAdd#addSlices}, {@link ChunkedSum#sumRange(int[], int, int)} and
     * {@link ChunkedHistogram#histogramOf} have gone through in this process (given). Each process has its own count,
     * as it has its own static fields (lesson 06): the tests read it in the workers and here to see where the work ran.
     */
    static final AtomicLong ELEMENTS_DONE_HERE = new AtomicLong();

    private MapChunks() {
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link Chunks#chunks chunks(n, threads)}, each on a new thread of its
     * own; all threads started before any is joined. The results come back in chunk order. If fn throws on a thread,
     * this method throws that exception (a checked one wrapped in an {@link IllegalStateException}).
     */
    public static <R> List<R> mapChunksOnThreads(int n, int threads, BiFunction<Integer, Integer, R> fn) {
        throw new UnsupportedOperationException("TODO: one FutureTask on its own Thread per chunk of Chunks.chunks(n, threads), start them all, then collect get() in chunk order (rethrow what fn threw)");
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link Chunks#chunks chunks(n, pool.size())}, in the pool's worker
     * processes (through {@code ProcessPool.starmap}); the results in chunk order.
     *
     * @throws ExecutionException if fn threw in a worker
     */
    public static <R> List<R> mapChunksOnPool(Pool pool, int n, SerializableBiFunction<Integer, Integer, R> fn)
            throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: ProcessPool.starmap of fn over one Args.of(from, to) per chunk of Chunks.chunks(n, pool.size())");
    }
}
