package kit.grader.api;

/** How a {@link SpeedupCheck} waits between attempts on a busy machine (a test of the check passes one that only counts). */
@FunctionalInterface
public interface Pause {
    void pause(long nanos) throws InterruptedException;
}
