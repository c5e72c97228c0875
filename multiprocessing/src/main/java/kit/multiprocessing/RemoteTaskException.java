package kit.multiprocessing;

/**
 * Stands in for an exception thrown by a task in a worker that could not itself be sent back
 * (because it, or something it holds, is not serializable). It keeps what matters: the original
 * class name, the message and the worker's stack trace, and the same for its causes.
 */
public class RemoteTaskException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** @serial */
    private final String remoteClassName;

    /**
     * @param remoteClassName the class of the exception thrown in the worker
     * @param message its message (may be {@code null})
     */
    public RemoteTaskException(String remoteClassName, String message) {
        super(message == null ? remoteClassName : remoteClassName + ": " + message);
        this.remoteClassName = remoteClassName;
    }

    /** @return the class name of the exception that was thrown in the worker */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Copies {@code t} (class name, message, stack trace, causes, suppressed) into serializable stand-ins. */
    static RemoteTaskException copyOf(Throwable t) {
        return copyOf(t, 0);
    }

    private static RemoteTaskException copyOf(Throwable t, int depth) {
        RemoteTaskException copy = new RemoteTaskException(t.getClass().getName(), safeMessage(t));
        copy.setStackTrace(t.getStackTrace());
        if (depth < 20) {
            if (t.getCause() != null && t.getCause() != t) {
                copy.initCause(copyOf(t.getCause(), depth + 1));
            }
            for (Throwable s : t.getSuppressed()) {
                copy.addSuppressed(copyOf(s, depth + 1));
            }
        }
        return copy;
    }

    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "(getMessage() threw " + e + ")";
        }
    }
}
