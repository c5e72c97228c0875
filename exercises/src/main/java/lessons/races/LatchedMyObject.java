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

    // TODO: add a CountDownLatch that write() opens and read() waits for

    /** Writes, then lets the reader through. */
    public void write() {
        throw new UnsupportedOperationException("TODO: write, then open the latch");
    }

    /** Waits until {@link #write()} has run, then returns what it wrote. */
    public int read() throws InterruptedException {
        throw new UnsupportedOperationException("TODO: wait for the writer, then read");
    }
}
