package lessons.races;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Fix 2: an atomic. {@link AtomicLong#incrementAndGet()} does the read-modify-write as one
 * indivisible hardware operation (a compare-and-swap or lock-prefixed add): no lock, no lost update.
 */
public class AtomicCounter implements Counter {

    // BEGIN SOLUTION hold the count in an AtomicLong
    private final AtomicLong count = new AtomicLong();
    // STUB: // TODO: hold the count in a java.util.concurrent.atomic.AtomicLong
    // END SOLUTION

    @Override
    public void increment() {
        // BEGIN SOLUTION increment the AtomicLong atomically
        count.incrementAndGet();
        // END SOLUTION
    }

    @Override
    public long get() {
        // BEGIN SOLUTION return the AtomicLong's value
        return count.get();
        // END SOLUTION
    }
}
