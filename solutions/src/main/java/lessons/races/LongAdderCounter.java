package lessons.races;

import java.util.concurrent.atomic.LongAdder;

/**
 * Fix 3: a {@link LongAdder}. Under heavy contention an AtomicLong makes every thread fight for one
 * memory location; a LongAdder gives contending threads separate cells and adds them up in
 * {@link LongAdder#sum()}. Increments are fast and never lost; the sum is exact once the threads are done.
 */
public class LongAdderCounter implements Counter {

    // BEGIN SOLUTION hold the count in a LongAdder
    private final LongAdder count = new LongAdder();
    // STUB: // TODO: hold the count in a java.util.concurrent.atomic.LongAdder
    // END SOLUTION

    @Override
    public void increment() {
        // BEGIN SOLUTION add one to the LongAdder
        count.increment();
        // END SOLUTION
    }

    @Override
    public long get() {
        // BEGIN SOLUTION return the LongAdder's sum
        return count.sum();
        // END SOLUTION
    }
}
