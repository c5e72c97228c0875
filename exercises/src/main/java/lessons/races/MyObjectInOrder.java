package lessons.races;

/**
 * The tutorial's advice, "wrap dependent jobs so they run in order": the read depends on the
 * write, so the write must be finished before the read starts.
 */
public final class MyObjectInOrder {

    /**
     * Runs {@code obj.write()} on one thread and {@code obj.read()} on another thread, the read only
     * after the write has finished, and returns the value the reader saw: always {@link MyObject#WRITTEN}.
     *
     * <p>{@link Thread#join()} is the tool: it waits for a thread to end, and everything that thread
     * did is visible to the thread that joined it (a happens-before edge).
     */
    public static int runInOrder(MyObject obj) throws InterruptedException {
        throw new UnsupportedOperationException("TODO: run write() on a thread and join it, then run read() on a second thread, join it and return what it saw");
    }

    private MyObjectInOrder() {
    }
}
