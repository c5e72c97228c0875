package lessons.chunking;

import kit.multiprocessing.Pool;
import lessons.processpool.Args;
import lessons.processpool.ProcessPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A vector add over processes, through {@code starmap}: each worker gets only its chunk's slices of the two vectors,
 * adds them, and sends back its part of the sum, which lands at its chunk's offset.
 */
public final class ChunkedAdd {

    private ChunkedAdd() {
    }

    /** The worker's part of a chunked vector add (given): the element-wise sum of two slices. */
    public static int[] addSlices(int[] a, int[] b) {
        MapChunks.ELEMENTS_DONE_HERE.addAndGet(a.length);
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
        // BEGIN SOLUTION starmap addSlices over the slices of a and b of every chunk of Chunks.chunks(n, pool.size()), then copy each part into c at its chunk's from
        if (a.length != b.length) {
            throw new IllegalArgumentException("a and b differ in length: " + a.length + " vs " + b.length);
        }
        List<Chunk> parts = Chunks.chunks(a.length, pool.size());
        List<Args<int[], int[]>> slices = new ArrayList<>(parts.size());
        for (Chunk part : parts) {
            slices.add(Args.of(Arrays.copyOfRange(a, part.from(), part.to()), Arrays.copyOfRange(b, part.from(), part.to())));
        }
        List<int[]> sums = ProcessPool.starmap(pool, ChunkedAdd::addSlices, slices);
        int[] c = new int[a.length];
        for (int k = 0; k < parts.size(); k++) {
            System.arraycopy(sums.get(k), 0, c, parts.get(k).from(), parts.get(k).size());
        }
        return c;
        // END SOLUTION
    }
}
