package kit.multiprocessing;

/**
 * The worker process that was running a task ended before it sent a result: the task called
 * {@code System.exit}, ran out of memory, or the process was killed. The pool replaces the worker;
 * the other tasks are not affected.
 *
 * <p>If the worker could still report the error that ended it (an {@link OutOfMemoryError}), that
 * error is the {@linkplain #getCause() cause}, with the worker's stack trace.
 */
public class WorkerDiedException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** @serial */
    private final long pid;
    /** @serial */
    private final int exitCode;

    /**
     * @param message what happened
     * @param pid the worker's process id
     * @param exitCode the worker's exit code, or -1 if unknown
     * @param cause the error the worker reported before it ended, or {@code null}
     */
    public WorkerDiedException(String message, long pid, int exitCode, Throwable cause) {
        super(message, cause);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** @return the process id of the worker that died */
    public long pid() {
        return pid;
    }

    /** @return its exit code (on Linux, 128 + n when killed by signal n: 137 is {@code kill -9}), or -1 if unknown */
    public int exitCode() {
        return exitCode;
    }
}
