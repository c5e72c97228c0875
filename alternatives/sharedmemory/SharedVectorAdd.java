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
 * Alternative (a slice computed before it is written, try-with-resources). Lesson 07: shared memory. In lesson 06 the workers' writes to a static array stayed in the workers. Here the
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
        // Alternative: compute the whole slice first, then write it into the block in one pass.
        int[] part = new int[a.length];
        Arrays.setAll(part, k -> op.applyAsInt(a[k], b[k]));
        SharedMemory c = SharedMemory.attach(name);
        try {
            for (int k = 0; k < part.length; k++) {
                c.putInt(from + k, part[k]);
            }
        } finally {
            c.close();
        }
        return ProcessHandle.current().pid();
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
        // Alternative: try-with-resources for the handle, unlink in finally; the first n % parts chunks one longer.
        int n = a.length;
        int parts = Math.min(pool.size(), n);
        List<Future<Long>> writers = new ArrayList<>();
        try (SharedMemory shared = SharedMemory.create(name, (long) Integer.BYTES * n)) {
            try {
                int start = 0;
                for (int k = 0; k < parts; k++) {
                    int from = start;
                    int end = from + n / parts + (k < n % parts ? 1 : 0);
                    start = end;
                    int[] aPart = Arrays.copyOfRange(a, from, end);
                    int[] bPart = Arrays.copyOfRange(b, from, end);
                    writers.add(pool.submit(() -> writeChunk(name, from, aPart, bPart, op)));
                }
                for (Future<Long> writer : writers) {
                    writer.get();
                }
                int[] c = new int[n];
                for (int i = 0; i < n; i++) {
                    c[i] = shared.getInt(i);
                }
                return c;
            } finally {
                for (Future<Long> writer : writers) {
                    writer.cancel(false);
                }
                shared.unlink();
            }
        }
    }
}
