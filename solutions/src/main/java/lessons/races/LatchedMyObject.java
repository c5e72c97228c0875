package lessons.races;

import java.util.concurrent.CountDownLatch;

/**
 * The same write/read pair, fixed so that the two threads may start in any order: the reader
 * waits at a latch that the writer opens once it has written.
 *
 * <p>{@link CountDownLatch} gives the ordering and the visibility: everything a thread did before
 * {@code countDown()} happens-before what another thread does after {@code await()} returns.
 */
public class LatchedMyObject {

    private final MyObject obj = new MyObject();

    // BEGIN SOLUTION a latch that write() opens and read() waits for
    private final CountDownLatch written = new CountDownLatch(1);
    // STUB: // TODO: add a CountDownLatch that write() opens and read() waits for
    // END SOLUTION

    /** Writes, then lets the reader through. */
    public void write() {
        // BEGIN SOLUTION write, then open the latch
        obj.write();
        written.countDown();
        // END SOLUTION
    }

    /** Waits until {@link #write()} has run, then returns what it wrote. */
    public int read() throws InterruptedException {
        // BEGIN SOLUTION wait for the writer, then read
        written.await();
        return obj.read();
        // END SOLUTION
    }
}
