package lessons.sharedmemory;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SharedMemory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntBinaryOperator;

/**
 * Lesson 07: shared memory. In lesson 06 the workers' writes to a static array stayed in the workers. Here the
 * parent creates one named block of shared memory ({@link SharedMemory}, Python's {@code shared_memory}); every
 * worker process attaches to it <em>by name</em> and writes its chunk of {@code c[i] = a[i] + b[i]} into it; the
 * parent reads the result from the same memory, then closes and unlinks the block, also when a task fails.
 *
 * <p>Sizes of a block are in <em>bytes</em>; {@code putInt(i, v)} takes an <em>int</em> index. A block of
 * {@code n} bytes holds {@code n / 4} ints: that is the Java face of the tutorial's {@code sys.getsizeof} bug.
 * Lesson page: docs/lessons/07-shared-memory.md
 */
public final class SharedVectorAdd {

    /** An int operation that can travel to a worker process (a lambda typed as {@code IntOp} is serializable). */
    @FunctionalInterface
    public interface IntOp extends IntBinaryOperator, Serializable {
    }

    private SharedVectorAdd() {
    }

    /**
     * The worker's task: attaches to the block called {@code name}, writes {@code c[from + k] = op(a[k], b[k])} for
     * every k of the two slices as ints, and closes its handle (the block itself stays: the parent unlinks it).
     *
     * @param a the slice of a that starts at element {@code from}
     * @param b the slice of b, as long as {@code a}
     * @return the id of the process that wrote (so a caller can see who did)
     */
    public static long writeChunk(String name, int from, int[] a, int[] b, IntOp op) {
        // BEGIN SOLUTION attach to the block by name, putInt(from + k, op(a[k], b[k])) for every k, close the handle, return this process's pid
        try (SharedMemory c = SharedMemory.attach(name)) {
            for (int k = 0; k < a.length; k++) {
                c.putInt(from + k, op.applyAsInt(a[k], b[k]));
            }
        }
        return ProcessHandle.current().pid();
        // END SOLUTION
    }

    /** {@code c[i] = a[i] + b[i]}, written by the pool's workers into shared memory: see {@link #combine}. */
    public static int[] add(Pool pool, String name, int[] a, int[] b) throws InterruptedException, ExecutionException {
        return combine(pool, name, a, b, Integer::sum);
    }

    /**
     * {@code c[i] = op(a[i], b[i])}, computed and written by the pool's worker processes into one block of shared
     * memory called {@code name}, then read by this process:
     * <ol>
     *   <li>create the block, big enough for n ints;</li>
     *   <li>split [0, n) into one contiguous chunk per worker ({@code pool.size()}, fewer if n is smaller); submit
     *       every chunk's {@link #writeChunk} (with its slices of a and b, and the block's <em>name</em>) before
     *       waiting for any;</li>
     *   <li>when all are done, read the n ints into a new array;</li>
     *   <li>close and unlink the block, whatever happened: nothing may be left in /dev/shm, also when a task
     *       throws.</li>
     * </ol>
     * With n = 0 there is nothing to share: no block, an empty array.
     *
     * @throws IllegalArgumentException if a and b differ in length
     * @throws ExecutionException if a task threw (its cause is what the task threw)
     */
    public static int[] combine(Pool pool, String name, int[] a, int[] b, IntOp op)
            throws InterruptedException, ExecutionException {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a and b differ in length: " + a.length + " vs " + b.length);
        }
        if (a.length == 0) {
            return new int[0];
        }
        // BEGIN SOLUTION create the block for n ints, one chunk per worker writes into it (writeChunk, all submitted first), read c, then close and unlink the block in a finally
        int n = a.length;
        SharedMemory shared = SharedMemory.create(name, (long) n * Integer.BYTES);
        List<Future<Long>> writers = new ArrayList<>();
        try {
            int parts = Math.min(pool.size(), n);
            for (int k = 0; k < parts; k++) {
                int start = (int) ((long) k * n / parts);
                int end = (int) ((long) (k + 1) * n / parts);
                int[] aPart = Arrays.copyOfRange(a, start, end);
                int[] bPart = Arrays.copyOfRange(b, start, end);
                writers.add(pool.submit(() -> writeChunk(name, start, aPart, bPart, op)));
            }
            for (Future<Long> writer : writers) {
                writer.get();
            }
            int[] c = new int[n];
            Arrays.setAll(c, shared::getInt);
            return c;
        } finally {
            writers.forEach(w -> w.cancel(false));
            shared.close();
            shared.unlink();
        }
        // END SOLUTION
    }
}
