package kit.multiprocessing;

import java.io.File;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of worker <em>processes</em>: the JVM's counterpart of Python's {@code multiprocessing.Pool}.
 *
 * <p>Each worker is a separate JVM, started with the same {@code java} and the same classpath as
 * this one. A task is a serializable lambda; it is serialized here, sent to an idle worker over the
 * worker's stdin, run there, and its result (or exception) comes back the same way. Because the
 * worker is another process, it has its own heap: a task that changes a static field changes the
 * worker's copy, never ours.
 *
 * <pre>{@code
 * try (Pool pool = new Pool(2)) {                       // two worker JVMs, ready when this returns
 *     Future<Integer> f = pool.submit(() -> 6 * 7);     // runs in a worker
 *     Future<Long> g = pool.submit(Lessons::sumTo, 1_000_000L);
 *     System.out.println(f.get() + " " + g.get());
 * }                                                      // close(): every worker ends
 * }</pre>
 *
 * <h2>What to expect</h2>
 * <ul>
 * <li>Workers are started in parallel and are ready (they have said hello) when the constructor
 *     returns, so timing a computation after {@code new Pool(n)} does not include start-up.</li>
 * <li>Each worker runs one task at a time. Tasks wait in a queue (first in, first out) and go to
 *     idle workers in turn.</li>
 * <li>{@code System.out.println} in a task prints on this JVM's {@code System.out} (and
 *     {@code System.err} likewise), before the task's result arrives.</li>
 * <li>A task that throws fails its future: {@link Future#get()} throws an
 *     {@link java.util.concurrent.ExecutionException} whose cause is the exception from the worker,
 *     with the worker's stack trace (or a {@link RemoteTaskException} copy if it was not
 *     serializable).</li>
 * <li>A task (or a result) that cannot be serialized fails its future with a
 *     {@link NotSerializableException} naming the class.</li>
 * <li>A worker that dies ({@code System.exit}, {@link OutOfMemoryError}, {@code kill -9}) fails
 *     the task it was running with a {@link WorkerDiedException} (pid and exit code) and is
 *     replaced by a fresh worker.</li>
 * <li>Workers end by themselves if this JVM dies, even by {@code kill -9}: no orphan processes.</li>
 * </ul>
 *
 * <p>There is deliberately no {@code map} or {@code starmap} here: building them on top of
 * {@link #submit} is an exercise.
 */
public final class Pool implements AutoCloseable {
    /** JVM options every worker gets: fast start-up, and JVM messages kept off the protocol channel. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",              // one worker per core: no need for parallel GC threads
            "-XX:-UsePerfData",              // no hsperfdata file to create at start
            "-Xshare:auto",                  // use the JDK's class-data sharing archive
            "-XX:+DisplayVMOutputToStderr",  // stdout carries protocol frames only
            "-Xlog:disable",
            "-Xlog:all=warning:stderr");

    private final int size;
    private final List<String> command;
    private final Map<String, String> environment;
    private final long startTimeoutNanos;
    private final long closeTimeoutNanos;
    private final ClassLoader loader;
    private final AtomicLong taskIds = new AtomicLong();

    private final Object lock = new Object();
    private final WorkerProcess[] slots;                              // guarded by lock
    private final ArrayDeque<WorkerProcess> idle = new ArrayDeque<>(); // guarded by lock
    private final ArrayDeque<Task> queue = new ArrayDeque<>();        // guarded by lock
    private final Set<WorkerProcess> starting = new HashSet<>();      // guarded by lock
    private boolean closed;                                           // guarded by lock
    private String broken;                                            // guarded by lock

    /**
     * Starts a pool with one worker per available processor.
     *
     * @throws IllegalStateException if a worker JVM cannot be started
     */
    public Pool() {
        this(builder());
    }

    /**
     * Starts a pool of {@code workers} worker JVMs and waits until they are ready.
     *
     * @param workers the number of worker processes, at least 1
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws IllegalStateException if a worker JVM cannot be started
     */
    public Pool(int workers) {
        this(builder().workers(workers));
    }

    /** @return a builder for a pool with options (worker count, JVM options, timeouts) */
    public static Builder builder() {
        return new Builder();
    }

    private Pool(Builder options) {
        this.size = options.workers;
        this.startTimeoutNanos = options.startTimeout.toNanos();
        this.closeTimeoutNanos = options.closeTimeout.toNanos();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.loader = context != null ? context : Pool.class.getClassLoader();
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        boolean ownGc = options.jvmOptions.stream().anyMatch(o -> o.matches("-XX:[+-]Use\\w*GC"));
        for (String option : DEFAULT_JVM_OPTIONS) {
            if (!(ownGc && option.equals("-XX:+UseSerialGC"))) { // two collectors would stop the JVM
                cmd.add(option);
            }
        }
        cmd.add("-D" + Worker.ENCODING_PROPERTY + "=" + System.getProperty("stdout.encoding",
                System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name())));
        String shmDir = System.getProperty(SharedMemory.DIRECTORY_PROPERTY);
        if (shmDir != null) {                                  // workers attach where we create
            cmd.add("-D" + SharedMemory.DIRECTORY_PROPERTY + "=" + shmDir);
        }
        cmd.addAll(options.jvmOptions);
        cmd.add(Worker.class.getName());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        this.command = List.copyOf(cmd);
        // The classpath goes through the environment: no command-line length limit, shorter `ps` lines.
        this.environment = Map.of("CLASSPATH", options.classpath);
        this.slots = new WorkerProcess[size];

        long deadline = System.nanoTime() + startTimeoutNanos;
        try {
            for (int i = 0; i < size; i++) {             // spawn them all first: they boot in parallel
                slots[i] = WorkerProcess.start(this, i, command, environment);
            }
            Worker.warmUp();                              // our side of the first task, while they boot
            for (WorkerProcess w : slots) {
                w.awaitReady(deadline - System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            for (WorkerProcess w : slots) {
                if (w != null) {
                    w.process.destroyForcibly();
                }
            }
            throw new IllegalStateException("could not start the pool's worker JVMs: " + e.getMessage()
                    + "\n  command: " + String.join(" ", command), e);
        }
        synchronized (lock) {
            for (WorkerProcess w : slots) {
                w.registered = true;
                idle.add(w);
            }
        }
    }

    /**
     * Runs {@code task} in a worker process.
     *
     * @param task the task; it and everything it captures must be serializable
     * @param <T> the result type; the result must be serializable
     * @return a future for the result. Its {@code get()} throws an {@code ExecutionException} whose
     *     cause is what the task threw in the worker, a {@link NotSerializableException}, or a
     *     {@link WorkerDiedException}
     * @throws IllegalArgumentException if {@code task} is null
     * @throws IllegalStateException if the pool is closed
     */
    public <T> Future<T> submit(SerializableCallable<T> task) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        ensureOpen();
        CompletableFuture<T> future = new CompletableFuture<>();
        byte[] payload;
        try {
            payload = Protocol.serialize(task);
        } catch (NotSerializableException e) {
            future.completeExceptionally(new NotSerializableException(e.getMessage()
                    + " (the task, or something it captures, is not Serializable; a lambda that calls an"
                    + " instance method captures `this`)"));
            return future;
        } catch (IOException | RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        @SuppressWarnings("unchecked")
        Task t = new Task(taskIds.incrementAndGet(), payload, (CompletableFuture<Object>) future);
        WorkerProcess worker;
        synchronized (lock) {
            ensureOpen();
            worker = idle.poll();
            if (worker == null) {
                queue.add(t);
            } else {
                worker.current = t;
            }
        }
        if (worker != null) {
            worker.send(t);
        }
        return future;
    }

    /**
     * Runs {@code fn.apply(arg)} in a worker process; for example {@code pool.submit(Math::sqrt, 2.0)}.
     *
     * @param fn the function (a lambda or method reference; serializable, like everything it captures)
     * @param arg its argument (serializable)
     * @param <A> the argument type
     * @param <R> the result type
     * @return a future for the result, as for {@link #submit(SerializableCallable)}
     * @throws IllegalArgumentException if {@code fn} is null
     * @throws IllegalStateException if the pool is closed
     */
    public <A, R> Future<R> submit(SerializableFunction<A, R> fn, A arg) {
        if (fn == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        return submit(new Apply<>(fn, arg));
    }

    /**
     * Runs {@code fn.apply(a, b)} in a worker process: one call of a {@code starmap}.
     *
     * @param fn the function (serializable, like everything it captures)
     * @param a its first argument (serializable)
     * @param b its second argument (serializable)
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <R> the result type
     * @return a future for the result, as for {@link #submit(SerializableCallable)}
     * @throws IllegalArgumentException if {@code fn} is null
     * @throws IllegalStateException if the pool is closed
     */
    public <A, B, R> Future<R> submit(SerializableBiFunction<A, B, R> fn, A a, B b) {
        if (fn == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        return submit(new Apply2<>(fn, a, b));
    }

    /** @return the number of worker processes */
    public int size() {
        return size;
    }

    /**
     * The process ids of the current workers. A worker that died and was replaced has a new pid;
     * while it is being replaced it is missing from this list.
     *
     * @return the pids, in slot order
     */
    public List<Long> workerPids() {
        synchronized (lock) {
            List<Long> pids = new ArrayList<>(size);
            for (WorkerProcess w : slots) {
                if (w != null && !w.dead) {
                    pids.add(w.pid);
                }
            }
            return pids;
        }
    }

    /**
     * Ends every worker. Tasks that have not started are cancelled (their {@code get()} throws
     * {@link CancellationException}); tasks that are running get the close timeout (2 s by default)
     * to finish, then their workers are killed. Returns when every worker process has ended.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        List<Task> cancelled;
        List<WorkerProcess> workers = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelled = new ArrayList<>(queue);
            queue.clear();
            idle.clear();
            for (WorkerProcess w : slots) {
                if (w != null) {
                    workers.add(w);
                }
            }
            workers.addAll(starting);
        }
        for (Task t : cancelled) {
            t.future.completeExceptionally(new CancellationException("the pool was closed before this task started"));
        }
        for (WorkerProcess w : workers) {
            w.closeInput();                   // the worker finishes its task, sees end of input, exits
        }
        long deadline = System.nanoTime() + closeTimeoutNanos;
        for (WorkerProcess w : workers) {
            waitFor(w.process, deadline - System.nanoTime());
        }
        for (WorkerProcess w : workers) {
            if (w.process.isAlive()) {
                w.process.destroyForcibly();
            }
        }
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (WorkerProcess w : workers) {
            waitFor(w.process, killDeadline - System.nanoTime());
        }
        try {
            for (WorkerProcess w : workers) {  // let the readers deliver the last output and failures
                w.joinReader(TimeUnit.NANOSECONDS.toMillis(killDeadline - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Pool[workers=" + workerPids() + (isClosed() ? ", closed" : "") + "]";
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void ensureOpen() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the pool is closed: submit() after close()");
            }
            if (broken != null) {
                throw new IllegalStateException("the pool has no workers left: " + broken);
            }
        }
    }

    private static void waitFor(Process p, long nanos) {
        try {
            p.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- called by the workers' reader threads ----

    /** The next queued task that nobody cancelled, or null. Caller holds the lock. */
    private Task nextTask() {
        Task t;
        while ((t = queue.poll()) != null) {
            if (!t.future.isDone()) {
                return t;
            }
        }
        return null;
    }

    void onResult(WorkerProcess worker, Protocol.Frame frame) throws IOException {
        Task task;
        Task next = null;
        synchronized (lock) {
            task = worker.current;
            if (task == null || task.id != frame.id) {
                throw new IOException("worker " + worker.pid + " answered task " + frame.id
                        + " but was running " + (task == null ? "nothing" : "task " + task.id));
            }
            worker.current = null;
            if (!closed) {
                next = nextTask();
                if (next != null) {
                    worker.current = next;
                } else {
                    idle.add(worker);
                }
            }
        }
        if (next != null) {
            worker.send(next);                // keep the worker busy before we deserialize
        }
        if (frame.type == Protocol.RESULT) {
            try {
                task.future.complete(Protocol.deserialize(frame.payload, loader));
            } catch (Exception | LinkageError e) {
                task.future.completeExceptionally(e);
            }
        } else {
            task.future.completeExceptionally(deserializeThrowable(frame.payload));
        }
    }

    Throwable deserializeThrowable(byte[] payload) {
        try {
            return (Throwable) Protocol.deserialize(payload, loader);
        } catch (Exception | LinkageError e) {
            return new RemoteTaskException("(unreadable exception from worker)", e.toString());
        }
    }

    void onWorkerExit(WorkerProcess worker, int exitCode, Throwable problem) {
        Task task;
        boolean replace;
        synchronized (lock) {
            worker.dead = true;
            idle.remove(worker);
            task = worker.current;
            worker.current = null;
            replace = !closed && worker.registered;
        }
        if (task != null) {
            String what = replace
                    ? "worker process " + worker.pid + " died while running this task"
                    : "the pool was closed while this task was running; worker process " + worker.pid + " was stopped";
            String detail = problem != null && !(problem instanceof java.io.EOFException) ? " (" + problem.getMessage() + ")" : "";
            task.future.completeExceptionally(new WorkerDiedException(what + WorkerProcess.describeExit(exitCode)
                    + detail + worker.stderrTail(), worker.pid, exitCode, worker.lastWords()));
        }
        if (replace) {
            replace(worker.slot);
        }
    }

    private void replace(int slot) {
        WorkerProcess fresh = null;
        try {
            fresh = WorkerProcess.start(this, slot, command, environment);
            synchronized (lock) {
                if (closed) {
                    fresh.process.destroyForcibly();
                    return;
                }
                starting.add(fresh);
            }
            fresh.awaitReady(startTimeoutNanos);
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                fresh.process.destroyForcibly();
            }
            List<Task> orphans = List.of();
            synchronized (lock) {
                starting.remove(fresh);
                if (closed) {
                    return;
                }
                boolean anyAlive = Arrays.stream(slots).anyMatch(w -> w != null && !w.dead) || !starting.isEmpty();
                if (!anyAlive) {
                    broken = "could not start a replacement worker: " + e.getMessage();
                    orphans = new ArrayList<>(queue);
                    queue.clear();
                }
            }
            System.err.println("kit.multiprocessing.Pool: could not replace a dead worker: " + e.getMessage());
            for (Task t : orphans) {
                t.future.completeExceptionally(new IllegalStateException("the pool has no workers left", e));
            }
            return;
        }
        Task next = null;
        synchronized (lock) {
            starting.remove(fresh);
            if (closed) {
                fresh.closeInput();
                return;
            }
            fresh.registered = true;
            slots[slot] = fresh;
            next = nextTask();
            if (next != null) {
                fresh.current = next;
            } else {
                idle.add(fresh);
            }
        }
        if (next != null) {
            fresh.send(next);
        }
    }

    private static String javaExecutable() {
        File java = new File(System.getProperty("java.home"), "bin" + File.separator
                + (File.separatorChar == '\\' ? "java.exe" : "java"));
        if (java.canExecute()) {
            return java.getPath();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A task waiting for, or running in, a worker. */
    static final class Task {
        final long id;
        final byte[] payload;
        final CompletableFuture<Object> future;

        Task(long id, byte[] payload, CompletableFuture<Object> future) {
            this.id = id;
            this.payload = payload;
            this.future = future;
        }
    }

    /** {@code fn.apply(arg)} as a task. */
    private static final class Apply<A, R> implements SerializableCallable<R> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<A, R> fn;
        private final A arg;

        Apply(SerializableFunction<A, R> fn, A arg) {
            this.fn = fn;
            this.arg = arg;
        }

        @Override
        public R call() {
            return fn.apply(arg);
        }
    }

    /** {@code fn.apply(a, b)} as a task. */
    private static final class Apply2<A, B, R> implements SerializableCallable<R> {
        private static final long serialVersionUID = 1L;
        private final SerializableBiFunction<A, B, R> fn;
        private final A a;
        private final B b;

        Apply2(SerializableBiFunction<A, B, R> fn, A a, B b) {
            this.fn = fn;
            this.a = a;
            this.b = b;
        }

        @Override
        public R call() {
            return fn.apply(a, b);
        }
    }

    /**
     * Options for a {@link Pool}: {@code Pool.builder().workers(2).jvmOptions("-Xmx64m").build()}.
     */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(2);
        private String classpath = System.getProperty("java.class.path", ".");

        private Builder() {
        }

        /**
         * @param workers the number of worker processes, at least 1 (default: available processors)
         * @return this builder
         * @throws IllegalArgumentException if {@code workers < 1}
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 worker, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Extra options for each worker's {@code java} command, after the pool's defaults
         * ({@code -XX:+UseSerialGC -XX:-UsePerfData ...}), for example {@code "-Xmx64m"}.
         * A garbage collector chosen here ({@code -XX:+UseG1GC}) replaces the default serial one.
         * Nothing may print to the worker's stdout: give {@code -Xlog} options a {@code :stderr} output.
         *
         * @param options JVM options
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                jvmOptions.add(Objects.requireNonNull(option, "JVM option must not be null"));
            }
            return this;
        }

        /**
         * @param timeout how long to wait for a worker to start (default 60 s; a busy machine is slow)
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "start timeout");
            return this;
        }

        /**
         * @param timeout how long {@link Pool#close()} lets running tasks finish before it kills their
         *     workers (default 2 s)
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("close timeout must be zero or positive, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * @param classpath the workers' classpath (default: this JVM's {@code java.class.path})
         * @return this builder
         */
        public Builder classpath(String classpath) {
            if (classpath == null || classpath.isEmpty()) {
                throw new IllegalArgumentException("classpath must not be empty");
            }
            this.classpath = classpath;
            return this;
        }

        /**
         * Starts the pool; the workers are ready when this returns.
         *
         * @return the pool
         * @throws IllegalStateException if a worker JVM cannot be started
         */
        public Pool build() {
            return new Pool(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }

}
