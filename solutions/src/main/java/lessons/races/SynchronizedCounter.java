package lessons.races;

/**
 * Fix 1: a lock. {@code synchronized} lets one thread at a time run the read-modify-write, and
 * releasing the lock publishes the new count to the next thread that takes it.
 */
public class SynchronizedCounter implements Counter {

    private long count;

    @Override
    public void increment() {
        // BEGIN SOLUTION increment count while holding this object's lock
        synchronized (this) {
            count++;
        }
        // END SOLUTION
    }

    @Override
    public long get() {
        // BEGIN SOLUTION read count while holding the same lock (so the latest value is seen)
        synchronized (this) {
            return count;
        }
        // END SOLUTION
    }
}
