package lessons.races;

/**
 * Fix 1: a lock. {@code synchronized} lets one thread at a time run the read-modify-write, and
 * releasing the lock publishes the new count to the next thread that takes it.
 */
public class SynchronizedCounter implements Counter {

    private long count;

    @Override
    public void increment() {
        throw new UnsupportedOperationException("TODO: increment count while holding this object's lock");
    }

    @Override
    public long get() {
        throw new UnsupportedOperationException("TODO: read count while holding the same lock (so the latest value is seen)");
    }
}
