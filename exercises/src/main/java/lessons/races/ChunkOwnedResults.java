package lessons.races;

import java.util.Arrays;

/**
 * Chunk-owned writes, the fix: worker {@code w} owns slots {@code [w * perWorker, (w + 1) * perWorker)}
 * and writes nowhere else. No slot, and no cursor, is shared between workers, so there is nothing to
 * race on and no lock is needed (this is how lesson 2's chunked vector add stays correct).
 * The workers' writes become visible to the reader when the reader joins them.
 */
public class ChunkOwnedResults {

    private final int[] slots;
    private final int perWorker;
    private final int[] filled;   // filled[w]: how many results worker w has stored; only worker w touches it

    public ChunkOwnedResults(int workers, int perWorker) {
        this.slots = new int[workers * perWorker];
        this.perWorker = perWorker;
        this.filled = new int[workers];
    }

    /**
     * Stores one result of worker {@code worker} in the next free slot of that worker's own chunk.
     * Each worker calls this only with its own number.
     *
     * @throws IllegalStateException when the worker's chunk is full
     */
    public void add(int worker, int value) {
        throw new UnsupportedOperationException("TODO: store value at slot worker * perWorker + filled[worker], then count it in filled[worker]; throw IllegalStateException when the chunk is full");
    }

    /** All slots, chunk after chunk; read it only after the workers have been joined. */
    public int[] toArray() {
        return Arrays.copyOf(slots, slots.length);
    }
}
