package lessons.races;

import java.util.Arrays;

/**
 * Racy writes into a shared array, given as a demonstration: workers store their results in one
 * array and claim "the next free slot" with a plain shared cursor.
 *
 * <p>{@code slots[next++] = value} reads {@code next}, writes {@code next + 1}, then stores into
 * the slot it read. Two workers can read the same {@code next}: both write the same slot, one
 * result is overwritten and lost, and a later slot stays empty.
 */
public class ClaimNextSlotResults {

    private final int[] slots;
    private int next;     // shared by all workers, unsynchronized: the race is here

    public ClaimNextSlotResults(int capacity) {
        slots = new int[capacity];
    }

    /** Stores one result in the next free slot. Called by many workers at once. */
    public void add(int value) {
        slots[next++] = value;
    }

    /** All slots; read it only after the workers have been joined. 0 marks a slot nobody filled. */
    public int[] toArray() {
        return Arrays.copyOf(slots, slots.length);
    }
}
