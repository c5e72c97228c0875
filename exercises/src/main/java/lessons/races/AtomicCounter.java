package lessons.races;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Fix 2: an atomic. {@link AtomicLong#incrementAndGet()} does the read-modify-write as one
 * indivisible hardware operation (a compare-and-swap or lock-prefixed add): no lock, no lost update.
 */
public class AtomicCounter implements Counter {

    // TODO: hold the count in a java.util.concurrent.atomic.AtomicLong

    @Override
    public void increment() {
        throw new UnsupportedOperationException("TODO: increment the AtomicLong atomically");
    }

    @Override
    public long get() {
        throw new UnsupportedOperationException("TODO: return the AtomicLong's value");
    }
}
