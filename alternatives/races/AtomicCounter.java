package lessons.races;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Alternative: the count in a one-element array, incremented atomically through an array-element VarHandle. */
public class AtomicCounter implements Counter {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] count = new long[1];

    @Override
    public void increment() {
        SLOT.getAndAdd(count, 0, 1L);
    }

    @Override
    public long get() {
        return (long) SLOT.getVolatile(count, 0);
    }
}
