package kit.multiprocessing;

import java.io.File;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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
 *     returns, so timing a computation after {@code new Pool(n)} does not include start-up. They start from
 *     a class-data-sharing archive that the first pool builds in a per-user cache folder, and warm up before
 *     they say hello (see multiprocessing/README.md).</li>
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
 * <h2>map, starmap, imap</h2>
 * {@link #map(SerializableFunction, Collection) map}, {@link #starmap(SerializableBiFunction, Collection) starmap}
 * and {@link #imap(SerializableFunction, Iterable, int) imap} work like Python's: results in item order, the first
 * failure (in item order) raised with the worker's stack trace, and items sent in <em>chunks</em>, several items
 * per task ({@code chunksize}, by default Python's {@code ceil(n / (4 * workers))}). Chunking is what makes a map
 * of many tiny items fast: each task costs a round trip to a worker (tens of microseconds), so 10,000 items one
 * per task cost 10,000 round trips, and in chunks only a few dozen. Lesson 06 builds a map on {@link #submit}
 * (one task per item) and compares it with this one; lesson 08 is about choosing chunks.
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

    /** The system property that sets {@link #keepSpareWorkers} from the command line: {@code -Dkit.pool.spares=2}. */
    public static final String SPARES_PROPERTY = "kit.pool.spares";

    /**
     * Keeps {@code count} fresh worker JVMs booted ahead of the next pool, for a program that starts pool after pool:
     * when a pool closes, that many spares of its configuration start in the background, and the next pool with the
     * same options (and a dead worker's replacement) takes them instead of waiting for JVMs to boot. Python's
     * {@code forkserver} start method does the same. A spare has never run a task, so its static fields are as fresh
     * as those of a worker the pool starts itself; spares end with this JVM. The default is 0 (or
     * {@value #SPARES_PROPERTY}): no spare is started, and {@code new Pool(n)} boots its n workers. Setting a lower
     * count stops the spares beyond it.
     *
     * @param count spares to keep per pool configuration, 0 or more (each is an idle JVM: tens of MB of memory)
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public static void keepSpareWorkers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        SpareWorkers.keep(count);
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
        String java = javaExecutable();
        List<String> jvm = new ArrayList<>();
        boolean ownGc = options.jvmOptions.stream().anyMatch(o -> o.matches("-XX:[+-]Use\\w*GC"));
        for (String option : DEFAULT_JVM_OPTIONS) {
            if (!(ownGc && option.equals("-XX:+UseSerialGC"))) { // two collectors would stop the JVM
                jvm.add(option);
            }
        }
        jvm.add("-D" + Worker.ENCODING_PROPERTY + "=" + System.getProperty("stdout.encoding",
                System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name())));
        String shmDir = System.getProperty(SharedMemory.DIRECTORY_PROPERTY);
        if (shmDir != null) {                                  // workers attach where we create
            jvm.add("-D" + SharedMemory.DIRECTORY_PROPERTY + "=" + shmDir);
        }
        jvm.addAll(options.jvmOptions);
        WorkerArchive archive = WorkerArchive.forWorkers(java, jvm);   // null: start without one
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        if (archive != null) {
            cmd.addAll(archive.jvmOptions());
        }
        cmd.add(Worker.class.getName());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        this.command = List.copyOf(cmd);
        // The classpath goes through the environment: no command-line length limit, shorter `ps` lines.
        this.environment = Map.of("CLASSPATH", archive != null ? archive.classpath(options.classpath) : options.classpath);
        this.slots = new WorkerProcess[size];

        long deadline = System.nanoTime() + startTimeoutNanos;
        try {
            for (int i = 0; i < size; i++) {             // spawn them all first: they boot in parallel
                WorkerProcess spare = SpareWorkers.take(this, i, command, environment);
                slots[i] = spare != null ? spare : WorkerProcess.start(this, i, command, environment);
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
        Protocol.Message payload;
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
        while (true) {
            synchronized (lock) {
                ensureOpen();
                worker = idle.poll();
                if (worker != null) {
                    worker.current = t;
                    break;
                }
                if (t.ownsArrays) {
                    queue.add(t);
                    break;
                }
            }
            t.copyArrays(); // it will wait: large arrays go raw at send time, so it takes a copy now (outside the lock)
        }
        if (worker != null) {
            worker.send(t);                // the caller's thread writes the task: its arrays are sent before we return
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

    /**
     * Python's {@code pool.map(fn, items)}: {@code fn} applied to every item in the workers, the results in
     * item order. Items travel in chunks of Python's default size, {@code ceil(n / (4 * workers))}: one task per
     * chunk, so 10,000 tiny items cost a few dozen round trips, not 10,000.
     *
     * @param fn the function (serializable, like everything it captures)
     * @param items the items (serializable; {@code null} items are passed on as they are)
     * @return {@code fn(item)} for every item, in item order
     * @throws ExecutionException if a call threw: the first failure in item order, whose cause is what the task
     *     threw (with the worker's stack trace), a {@link NotSerializableException} or a {@link WorkerDiedException};
     *     chunks that have not started are then cancelled
     * @throws InterruptedException if this thread is interrupted while waiting (chunks not started are cancelled)
     * @throws IllegalArgumentException if {@code fn} or {@code items} is null
     * @throws IllegalStateException if the pool is closed
     */
    public <A, R> List<R> map(SerializableFunction<A, R> fn, Collection<? extends A> items)
            throws InterruptedException, ExecutionException {
        return map(fn, items, defaultChunksize(requireItems(items, "items").size(), size));
    }

    /**
     * {@link #map(SerializableFunction, Collection)} with a chunk size of your own: {@code chunksize} items per
     * task ({@code 1} sends each item alone, as one {@link #submit} per item would).
     *
     * @param chunksize items per task, at least 1
     * @throws IllegalArgumentException if {@code fn} or {@code items} is null, or {@code chunksize < 1}
     */
    public <A, R> List<R> map(SerializableFunction<A, R> fn, Collection<? extends A> items, int chunksize)
            throws InterruptedException, ExecutionException {
        requireFunction(fn);
        Object[] all = requireItems(items, "items").toArray();
        requireChunksize(chunksize, all.length);
        List<Future<Batch>> chunks = new ArrayList<>();
        for (int from = 0; from < all.length; from += chunksize) {
            chunks.add(submit(new MapChunk<>(fn, Arrays.copyOfRange(all, from, Math.min(all.length, from + chunksize)))));
        }
        return collect(chunks, all.length);
    }

    /**
     * Python's {@code pool.starmap(fn, args)}: {@code fn(a, b)} for every pair in the workers, results in the order
     * of the pairs, in chunks as for {@link #map(SerializableFunction, Collection)}. A pair is any
     * {@link Map.Entry}, for example {@code Map.entry(a, b)}: only its key and value travel.
     *
     * @throws ExecutionException if a call threw: the first failure in order (see {@code map})
     * @throws IllegalArgumentException if {@code fn}, {@code args} or one of the pairs is null
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn,
            Collection<? extends Map.Entry<? extends A, ? extends B>> args) throws InterruptedException, ExecutionException {
        return starmap(fn, args, defaultChunksize(requireItems(args, "args").size(), size));
    }

    /**
     * {@link #starmap(SerializableBiFunction, Collection)} with {@code chunksize} pairs per task.
     *
     * @throws IllegalArgumentException if {@code fn}, {@code args} or a pair is null, or {@code chunksize < 1}
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn,
            Collection<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize)
            throws InterruptedException, ExecutionException {
        requireFunction(fn);
        Object[] firsts = new Object[requireItems(args, "args").size()];
        Object[] seconds = new Object[firsts.length];
        int i = 0;
        for (Map.Entry<? extends A, ? extends B> pair : args) {
            if (pair == null) {
                throw new IllegalArgumentException("args must not contain null pairs, found one at index " + i);
            }
            firsts[i] = pair.getKey();
            seconds[i++] = pair.getValue();
        }
        requireChunksize(chunksize, firsts.length);
        List<Future<Batch>> chunks = new ArrayList<>();
        for (int from = 0; from < firsts.length; from += chunksize) {
            int to = Math.min(firsts.length, from + chunksize);
            chunks.add(submit(new StarmapChunk<>(fn, Arrays.copyOfRange(firsts, from, to), Arrays.copyOfRange(seconds, from, to))));
        }
        return collect(chunks, firsts.length);
    }

    /**
     * Python's {@code pool.imap(fn, items)}: the results one by one, in item order, as they arrive, one item per
     * task (Python's default). See {@link #imap(SerializableFunction, Iterable, int)}.
     */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> fn, Iterable<? extends A> items) {
        return imap(fn, items, 1);
    }

    /**
     * Python's {@code pool.imap(fn, items, chunksize)}: an iterator over {@code fn(item)} in item order, which
     * yields each result as soon as it (and those before it) arrived. Items are taken from {@code items} as the
     * iterator advances, at most {@code 4 * workers} chunks ahead of it, so {@code items} may be long or endless.
     * {@code next()} throws a {@link CompletionException} whose cause is the first failure (as for {@code map});
     * if the waiting thread is interrupted, the cause is an {@link InterruptedException} and the interrupt flag is set.
     *
     * @throws IllegalArgumentException if {@code fn} or {@code items} is null, or {@code chunksize < 1}
     * @throws IllegalStateException if the pool is closed
     */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> fn, Iterable<? extends A> items, int chunksize) {
        requireFunction(fn);
        requireItems(items, "items");
        requireChunksize(chunksize, 1);
        ensureOpen();
        return new ResultIterator<>(fn, items.iterator(), chunksize, 4 * size);
    }

    /** Python's default chunk size: {@code ceil(items / (4 * workers))}, and 1 for no items. */
    static int defaultChunksize(int items, int workers) {
        return Math.max(1, (int) ((items + 4L * workers - 1) / (4L * workers)));
    }

    private static void requireFunction(Object fn) {
        if (fn == null) {
            throw new IllegalArgumentException("function must not be null");
        }
    }

    private static <C> C requireItems(C items, String what) {
        if (items == null) {
            throw new IllegalArgumentException(what + " must not be null (an empty collection is fine)");
        }
        return items;
    }

    private void requireChunksize(int chunksize, int items) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be at least 1, got " + chunksize);
        }
        if (items > 0) {
            ensureOpen();
        }
    }

    /** The chunks' results in order; at the first failure, the chunks after it are cancelled. */
    private static <R> List<R> collect(List<Future<Batch>> chunks, int n) throws InterruptedException, ExecutionException {
        List<R> results = new ArrayList<>(n);
        int done = 0;
        try {
            for (Future<Batch> chunk : chunks) {
                results.addAll(chunk.get().<R>asList());
                done++;
            }
            return results;
        } finally {
            for (int i = done; i < chunks.size(); i++) {
                chunks.get(i).cancel(false);     // not started: it leaves the queue; running: its result is dropped
            }
        }
    }

    /** {@code fn} over a chunk of items, in a worker. */
    private static final class MapChunk<A, R> implements SerializableCallable<Batch> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<A, R> fn;
        private final Batch items;

        MapChunk(SerializableFunction<A, R> fn, Object[] items) {
            this.fn = fn;
            this.items = new Batch(items);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Batch call() {
            Object[] in = items.values();
            Object[] out = new Object[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = fn.apply((A) in[i]);
            }
            return new Batch(out);
        }
    }

    /** {@code fn} over a chunk of pairs, in a worker. */
    private static final class StarmapChunk<A, B, R> implements SerializableCallable<Batch> {
        private static final long serialVersionUID = 1L;
        private final SerializableBiFunction<A, B, R> fn;
        private final Batch firsts;
        private final Batch seconds;

        StarmapChunk(SerializableBiFunction<A, B, R> fn, Object[] firsts, Object[] seconds) {
            this.fn = fn;
            this.firsts = new Batch(firsts);
            this.seconds = new Batch(seconds);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Batch call() {
            Object[] a = firsts.values();
            Object[] b = seconds.values();
            Object[] out = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = fn.apply((A) a[i], (B) b[i]);
            }
            return new Batch(out);
        }
    }

    /** imap's iterator: keeps up to {@code window} chunks in flight, hands out results in order. */
    private final class ResultIterator<A, R> implements Iterator<R> {
        private final SerializableFunction<A, R> fn;
        private final Iterator<? extends A> source;
        private final int chunksize;
        private final int window;
        private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
        private List<R> current = List.of();
        private int index;
        private boolean failed;

        ResultIterator(SerializableFunction<A, R> fn, Iterator<? extends A> source, int chunksize, int window) {
            this.fn = fn;
            this.source = source;
            this.chunksize = chunksize;
            this.window = window;
            fill();
        }

        private void fill() {
            while (!failed && inFlight.size() < window && source.hasNext()) {
                List<Object> chunk = new ArrayList<>(chunksize);
                while (chunk.size() < chunksize && source.hasNext()) {
                    chunk.add(source.next());
                }
                inFlight.add(submit(new MapChunk<>(fn, chunk.toArray())));
            }
        }

        @Override
        public boolean hasNext() {
            return index < current.size() || !inFlight.isEmpty();
        }

        @Override
        public R next() {
            while (index >= current.size()) {
                Future<Batch> head = inFlight.poll();
                if (head == null) {
                    throw new NoSuchElementException("no more results");
                }
                try {
                    current = head.get().asList();
                    index = 0;
                } catch (ExecutionException e) {
                    cancelAll();
                    throw new CompletionException(e.getCause());
                } catch (InterruptedException e) {
                    cancelAll();
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
                fill();
            }
            return current.get(index++);
        }

        private void cancelAll() {
            for (Future<Batch> f : inFlight) {
                f.cancel(false);
            }
            inFlight.clear();
            current = List.of();
            failed = true;                      // the iteration ends at its first failure, as in Python
        }
    }

    /** The task workers run at start-up to warm up: a map chunk with a lambda, as a map sends. */
    static SerializableCallable<?> warmUpTask() {
        return new MapChunk<>((Integer x) -> x + 1, new Object[] {1, 2, 3});
    }

    /** How many tasks were sent so far (for tests: a chunk is one task). */
    long tasksSubmitted() {
        return taskIds.get();
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
        // The cores this pool used are free now: boot the next pool's workers (only if spares are wanted).
        SpareWorkers.refill(command, environment);
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
                task.future.complete(Protocol.deserialize(frame.message, loader));
            } catch (Exception | LinkageError e) {
                task.future.completeExceptionally(e);
            }
        } else {
            task.future.completeExceptionally(deserializeThrowable(frame.message));
        }
    }

    Throwable deserializeThrowable(Protocol.Message payload) {
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
            fresh = SpareWorkers.take(this, slot, command, environment);
            if (fresh == null) {
                fresh = WorkerProcess.start(this, slot, command, environment);
            }
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
        final CompletableFuture<Object> future;
        Protocol.Message payload;
        /** True once the payload holds no array the caller can still change. */
        boolean ownsArrays;

        Task(long id, Protocol.Message payload, CompletableFuture<Object> future) {
            this.id = id;
            this.payload = payload;
            this.future = future;
            this.ownsArrays = payload.arrays.length == 0;
        }

        void copyArrays() {
            payload = payload.withCopiedArrays();
            ownsArrays = true;
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
         * An {@code -Xshare:on}/{@code -Xshare:off} or a CDS archive of your own here turns off the pool's
         * class-data-sharing archive (see the README); other options get an archive of their own.
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
         * @param classpath the workers' classpath (default: this JVM's {@code java.class.path}). When the pool
         *     starts its workers with its class-data-sharing archive, a jar of the kit's own classes (in the
         *     archive's cache folder) comes first, then this class path unchanged.
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
