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

    /** The argument that makes a worker warm up and exit: the run that dumps the class-data-sharing archive. */
    static final String ARCHIVE_RUN = "--archive-run";

    /** System property: the encoding of the parent's System.out. */
    static final String ENCODING_PROPERTY = "kit.pool.stdout.encoding";

    private static DataOutputStream channel;
    private static final byte[] OUT_BUFFER = new byte[Protocol.CHUNK]; // guarded by Worker.class

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(ARCHIVE_RUN)) {
            archiveRun();
            return;
        }
        long parentPid = args.length > 0 ? Long.parseLong(args[0]) : -1;
        channel = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        // print in the parent's encoding: the pool copies the bytes to its System.out unchanged
        String encoding = System.getProperty(ENCODING_PROPERTY, Charset.defaultCharset().name());
        System.setOut(printStream(Protocol.STDOUT, encoding));
        System.setErr(printStream(Protocol.STDERR, encoding));
        System.setIn(new ByteArrayInputStream(new byte[0])); // stdin carries frames: tasks read nothing
        if (parentPid > 0) {
            Thread watchdog = new Thread(new ParentWatchdog(parentPid), "kit-pool-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        warmUp();                                  // before the hello: the first task must not pay for it
        send(Protocol.HELLO, 0, Protocol.EMPTY, 0, 0);
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
     * Runs the path a task takes once, on memory instead of the pipes: a map chunk with a lambda framed, read,
     * deserialized, called, its result serialized and framed. The first real task then no longer pays for loading
     * and linking the serialization and lambda machinery (tens of milliseconds in a fresh JVM).
     */
    static Object warmUp() {
        try {
            byte[] buffer = new byte[Protocol.CHUNK];
            java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(wire);
            Protocol.writeFrame(out, Protocol.TASK, 1, Protocol.serialize(Pool.warmUpTask()), buffer);
            Protocol.Frame frame = Protocol.readFrame(new DataInputStream(new ByteArrayInputStream(wire.toByteArray())), buffer);
            Callable<?> task = (Callable<?>) Protocol.deserialize(frame.message, Worker.class.getClassLoader());
            Protocol.writeFrame(out, Protocol.RESULT, 1, Protocol.serialize(task.call()), buffer);
            return wire.size();
        } catch (Exception e) {
            return e; // only a warm-up
        }
    }

    /** The archive run: what a worker loads at start and for a task, then exit (the JVM dumps the archive). */
    private static void archiveRun() throws Exception {
        channel = new DataOutputStream(OutputStream.nullOutputStream());
        PrintStream print = printStream(Protocol.STDOUT, Charset.defaultCharset().name());
        print.println("warm-up");                  // the print path
        ProcessHandle.current().parent();          // the watchdog's
        new ParentWatchdog(-1).getClass();
        warmUp();
        send(Protocol.HELLO, 0, Protocol.EMPTY, 0, 0);
        run(1, Protocol.serialize(Pool.warmUpTask()));
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
