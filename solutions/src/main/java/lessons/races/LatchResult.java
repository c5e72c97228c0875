package lessons.races;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publishing through a {@link CountDownLatch}, the other fix: everything a thread did before
 * {@code countDown()} happens-before what another thread does after a successful {@code await}.
 * A timed {@code await(0, ...)} that returns true is such a successful await, and it never blocks.
 */
public class LatchResult implements ResultBox {

    private int result;     // plain is fine: the latch orders it
    // BEGIN SOLUTION a CountDownLatch(1) that publish() opens
    private final CountDownLatch published = new CountDownLatch(1);
    // STUB: // TODO: add a CountDownLatch that publish() opens
    // END SOLUTION

    @Override
    public void publish(int value) {
        // BEGIN SOLUTION store the result, then count the latch down
        result = value;
        published.countDown();
        // END SOLUTION
    }

    @Override
    public int poll() {
        // BEGIN SOLUTION if await(0, TimeUnit.NANOSECONDS) says the latch is open return the result, else NOT_READY (on interrupt: restore the flag, return NOT_READY)
        try {
            if (published.await(0, TimeUnit.NANOSECONDS)) {
                return result;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return NOT_READY;
        // END SOLUTION
    }
}
