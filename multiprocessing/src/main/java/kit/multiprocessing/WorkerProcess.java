package kit.multiprocessing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pool's side of one worker JVM: the process, its pipes, a reader thread that handles the
 * frames the worker sends, and a thread that copies the worker's native stderr (JVM messages) to
 * ours while remembering its tail for error messages.
 */
final class WorkerProcess {
    final Process process;
    final long pid;
    /** Set when a pool takes the worker: at its start, or later for a spare ({@link SpareWorkers}). */
    volatile int slot;
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    // guarded by the pool's lock
    Pool.Task current;
    boolean registered;
    boolean dead;

    /** The pool this worker works for; null while it is a spare that no pool has taken yet. */
    private volatile Pool pool;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private final StderrPump stderr;
    private final Thread reader;
    private volatile Throwable lastWords;
    private final byte[] sendBuffer = new byte[Protocol.CHUNK];     // guarded by toWorker

    private WorkerProcess(Pool pool, int slot, Process process) {
        this.pool = pool;
        this.slot = slot;
        this.process = process;
        this.pid = process.pid();
        this.toWorker = new DataOutputStream(process.getOutputStream());
        this.fromWorker = new DataInputStream(process.getInputStream());
        this.stderr = new StderrPump(process.getErrorStream());
        Thread pump = new Thread(stderr, "kit-pool-worker-" + pid + "-stderr");
        pump.setDaemon(true);
        pump.start();
        this.reader = new Thread(this::readLoop, "kit-pool-worker-" + pid + "-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static WorkerProcess start(Pool pool, int slot, List<String> command, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new WorkerProcess(pool, slot, builder.start());
    }

    /** A spare takes its place in a pool: before the pool sends it its first task. */
    void adopt(Pool owner, int ownSlot) {
        this.slot = ownSlot;
        this.pool = owner;
    }

    /** Waits for the worker's hello; on failure the worker is killed and the cause explained. */
    void awaitReady(long timeoutNanos) throws IOException {
        try {
            ready.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("worker JVM (pid " + pid + ") was not ready within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms" + stderrTail());
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for worker JVM (pid " + pid + ") to start", e);
        }
    }

    /** Sends a task. If the pipe is broken the worker is dying; the reader thread reports that. */
    void send(Pool.Task task) {
        try {
            synchronized (toWorker) {
                Protocol.writeFrame(toWorker, Protocol.TASK, task.id, task.payload, sendBuffer);
            }
        } catch (IOException e) {
            process.destroyForcibly(); // make sure the reader sees the end and fails the task
        }
    }

    /** Closes the worker's stdin: it finishes its current task, then exits. */
    void closeInput() {
        try {
            synchronized (toWorker) {
                toWorker.close();
            }
        } catch (IOException ignored) {
            // already closed or broken: the worker is gone or going
        }
    }

    void joinReader(long millis) throws InterruptedException {
        reader.join(Math.max(1, millis));
    }

    Throwable lastWords() {
        return lastWords;
    }

    String stderrTail() {
        String tail = stderr.tail().strip();
        return tail.isEmpty() ? "" : "; its stderr ended with: " + tail;
    }

    private void readLoop() {
        Throwable problem = null;
        try {
            byte[] buffer = new byte[Protocol.CHUNK];
            Protocol.Frame hello = Protocol.readFrame(fromWorker, buffer);
            if (hello == null || hello.type != Protocol.HELLO) {
                throw new IOException(hello == null ? "no hello" : "unexpected frame type " + hello.type);
            }
            ready.complete(null);
            Protocol.Frame frame;
            while ((frame = Protocol.readFrame(fromWorker, buffer)) != null) {
                switch (frame.type) {
                    case Protocol.STDOUT:
                        copy(System.out, frame.payload());
                        break;
                    case Protocol.STDERR:
                        copy(System.err, frame.payload());
                        break;
                    case Protocol.RESULT:
                    case Protocol.FAILURE:
                        pool.onResult(this, frame);
                        break;
                    case Protocol.FATAL:
                        Pool owner = pool;
                        lastWords = owner == null ? null : owner.deserializeThrowable(frame.message);
                        break;
                    default:
                        throw new IOException("unexpected frame type " + frame.type);
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = e;
            process.destroyForcibly();
        }
        int exitCode = waitForExit();
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException("worker JVM (pid " + pid + ") ended before it was ready"
                    + describeExit(exitCode)
                    + (problem != null && !(problem instanceof java.io.EOFException) ? " (" + problem + ")" : "")
                    + stderrTail(), problem));
            return;
        }
        Pool owner = pool;
        if (owner == null) {
            SpareWorkers.ended(this);   // a spare that died before any pool took it: nothing was lost
        } else {
            owner.onWorkerExit(this, exitCode, problem);
        }
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            stderr.awaitEnd(500);
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A readable exit code: on Linux, 128 + n means "killed by signal n". */
    static String describeExit(int code) {
        if (code < 0) {
            return " (exit code unknown)";
        }
        String text = " (exit code " + code;
        if (code > 128 && code <= 128 + 64) {
            int signal = code - 128;
            String name = signal == 9 ? "SIGKILL" : signal == 15 ? "SIGTERM" : signal == 6 ? "SIGABRT"
                    : signal == 11 ? "SIGSEGV" : signal == 2 ? "SIGINT" : "signal " + signal;
            text += ": killed by " + name;
        } else if (code == Worker.EXIT_OUT_OF_MEMORY) {
            text += ": OutOfMemoryError";
        }
        return text + ")";
    }

    private static void copy(PrintStream target, byte[] bytes) {
        target.write(bytes, 0, bytes.length);
        target.flush();
    }

    /** Copies the worker's native stderr to ours and keeps its last 2000 characters. */
    private static final class StderrPump implements Runnable {
        private final InputStream in;
        private final StringBuilder tail = new StringBuilder();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        StderrPump(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    System.err.write(buffer, 0, n);
                    System.err.flush();
                    synchronized (tail) {
                        tail.append(new String(buffer, 0, n, Charset.defaultCharset()));
                        if (tail.length() > 2000) {
                            tail.delete(0, tail.length() - 2000);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the worker is gone
            } finally {
                ended.complete(null);
            }
        }

        String tail() {
            synchronized (tail) {
                return tail.toString();
            }
        }

        void awaitEnd(long millis) {
            try {
                ended.get(millis, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // a grandchild may hold the pipe open; the tail we have is enough
            }
        }
    }
}
