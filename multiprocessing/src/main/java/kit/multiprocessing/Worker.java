package kit.multiprocessing;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

/**
 * The main class of a worker JVM (internal: started by {@link Pool}, not by users).
 *
 * <p>The real stdout file descriptor carries protocol frames only. {@code System.out} and
 * {@code System.err} are replaced by streams that wrap what a task prints into frames, which the
 * pool copies to its own {@code System.out} / {@code System.err}: {@code println} in a task works
 * like {@code print} in a Python pool worker.
 *
 * <p>A worker ends when its stdin reaches end of stream (the pool closed it, or the parent process
 * died and the OS closed the pipe), or when a watchdog sees that its parent process is gone (for
 * a parent killed while a long task runs). This class avoids lambdas and heavy classes so the JVM
 * starts fast.
 */
final class Worker {
    /** Exit code after an {@link OutOfMemoryError}, the same as {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int EXIT_OUT_OF_MEMORY = 3;
    /** Exit code when the parent process is gone. */
    static final int EXIT_ORPHANED = 4;

    /** System property: the encoding of the parent's System.out. */
    static final String ENCODING_PROPERTY = "kit.pool.stdout.encoding";

    private static DataOutputStream channel;
    private static final byte[] OUT_BUFFER = new byte[Protocol.CHUNK]; // guarded by Worker.class

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = args.length > 0 ? Long.parseLong(args[0]) : -1;
        channel = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        // print in the parent's encoding: the pool copies the bytes to its System.out unchanged
        String encoding = System.getProperty(ENCODING_PROPERTY, Charset.defaultCharset().name());
        System.setOut(printStream(Protocol.STDOUT, encoding));
        System.setErr(printStream(Protocol.STDERR, encoding));
        System.setIn(new ByteArrayInputStream(new byte[0])); // stdin carries frames: tasks read nothing
        send(Protocol.HELLO, 0, Protocol.EMPTY, 0, 0);

        if (parentPid > 0) {
            Thread watchdog = new Thread(new ParentWatchdog(parentPid), "kit-pool-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        Thread warmUp = new Thread(new WarmUp(), "kit-pool-warm-up"); // off the main thread: a task or
        warmUp.setDaemon(true);                                       // the end of input need not wait
        warmUp.start();
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        byte[] inBuffer = new byte[Protocol.CHUNK];
        Protocol.Frame frame;
        while ((frame = Protocol.readFrame(in, inBuffer)) != null) {
            if (frame.type == Protocol.TASK) {
                run(frame.id, frame.message);
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(0);
    }

    /**
     * Runs the path a task takes once (deserialize a lambda, call it, serialize the result), after
     * the hello: the pool is already usable, and the first real task no longer pays for loading and
     * linking the serialization and lambda machinery (tens of milliseconds in a fresh JVM).
     */
    static Object warmUp() {
        try {
            SerializableCallable<Integer> probe = () -> 42;
            Callable<?> copy = (Callable<?>) Protocol.deserialize(Protocol.serialize(probe), Worker.class.getClassLoader());
            return Protocol.deserialize(Protocol.serialize(copy.call()), Worker.class.getClassLoader());
        } catch (Exception e) {
            return e; // only a warm-up
        }
    }

    private static PrintStream printStream(byte type, String encoding) throws UnsupportedEncodingException {
        return new PrintStream(new FrameOutputStream(type), true, encoding);
    }

    private static void run(long id, Protocol.Message payload) throws IOException {
        Object result;
        try {
            Callable<?> task = (Callable<?>) Protocol.deserialize(payload, Worker.class.getClassLoader());
            payload = null;
            result = task.call();
        } catch (OutOfMemoryError e) {
            // The heap is full, the JVM's state is suspect: report the error if we can, then end.
            payload = null;
            try {
                send(Protocol.FATAL, id, Protocol.serialize(e));
            } catch (Throwable ignored) {
                // nothing more we can do; the pool reports the exit code
            }
            Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
            return;
        } catch (Throwable e) {
            sendFailure(id, e);
            return;
        }
        Protocol.Message bytes;
        try {
            bytes = Protocol.serialize(result);
        } catch (NotSerializableException e) {
            sendFailure(id, new NotSerializableException(e.getMessage()
                    + " (the task's result, or something it holds, is not Serializable;"
                    + " a result must be Serializable to travel back to the pool)"));
            return;
        } catch (Throwable e) {
            sendFailure(id, e);
            return;
        }
        send(Protocol.RESULT, id, bytes);
    }

    private static void sendFailure(long id, Throwable e) throws IOException {
        System.out.flush();
        System.err.flush();
        Protocol.Message bytes;
        try {
            bytes = Protocol.serialize(e);
        } catch (Throwable notSerializable) {
            bytes = Protocol.serialize(RemoteTaskException.copyOf(e));
        }
        send(Protocol.FAILURE, id, bytes);
    }

    static void send(byte type, long id, Protocol.Message payload) throws IOException {
        synchronized (Worker.class) {
            Protocol.writeFrame(channel, type, id, payload, OUT_BUFFER);
        }
    }

    static void send(byte type, long id, byte[] payload, int off, int len) throws IOException {
        synchronized (Worker.class) {
            Protocol.writeFrame(channel, type, id, payload, off, len, OUT_BUFFER);
        }
    }

    private static final class WarmUp implements Runnable {
        @Override
        public void run() {
            warmUp();
        }
    }

    /** What a task prints, wrapped into STDOUT / STDERR frames. */
    private static final class FrameOutputStream extends OutputStream {
        private final byte type;

        FrameOutputStream(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            send(type, 0, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                send(type, 0, b, off, len);
            }
        }
    }

    /** Ends the worker when its parent process is gone (even while a task is running). */
    private static final class ParentWatchdog implements Runnable {
        private final long parentPid;

        ParentWatchdog(long parentPid) {
            this.parentPid = parentPid;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
                if (!parent.isPresent() || parent.get().pid() != parentPid) {
                    Runtime.getRuntime().halt(EXIT_ORPHANED);
                }
            }
        }
    }
}
