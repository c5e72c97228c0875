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
        // BEGIN SOLUTION one FutureTask on its own Thread per chunk of Chunks.chunks(n, threads), start them all, then collect get() in chunk order (rethrow what fn threw)
        List<FutureTask<R>> tasks = new ArrayList<>();
        for (Chunk chunk : Chunks.chunks(n, threads)) {
            FutureTask<R> task = new FutureTask<>(() -> fn.apply(chunk.from(), chunk.to()));
            tasks.add(task);
            new Thread(task, "chunk " + chunk).start();
        }
        List<R> results = new ArrayList<>(tasks.size());
        try {
            for (FutureTask<R> task : tasks) {
                results.add(task.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the chunks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
        // END SOLUTION
    }

    /**
     * {@code fn(from, to)} for every chunk of {@link Chunks#chunks chunks(n, pool.size())}, in the pool's worker
     * processes (through {@code ProcessPool.starmap}); the results in chunk order.
     *
     * @throws ExecutionException if fn threw in a worker
     */
    public static <R> List<R> mapChunksOnPool(Pool pool, int n, SerializableBiFunction<Integer, Integer, R> fn)
            throws InterruptedException, ExecutionException {
        // BEGIN SOLUTION ProcessPool.starmap of fn over one Args.of(from, to) per chunk of Chunks.chunks(n, pool.size())
        List<Args<Integer, Integer>> ranges = Chunks.chunks(n, pool.size()).stream()
                .map(c -> Args.of(c.from(), c.to())).toList();
        return ProcessPool.starmap(pool, fn, ranges);
        // END SOLUTION
    }
}
