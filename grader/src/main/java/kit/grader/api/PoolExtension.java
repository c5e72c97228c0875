package kit.grader.api;

import kit.multiprocessing.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link Pool} of worker processes for a whole test class: started before the class's first test (and before its
 * own {@code @BeforeAll} methods, which may use it), closed after its last (and after its {@code @AfterAll} methods),
 * and checked to leave no worker process behind.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PoolExtension workers = PoolExtension.withWorkers(2);
 *
 * @Test
 * void map_runs_in_the_workers() {
 *     List<Long> pids = Lessons.map(workers.pool(), x -> ProcessHandle.current().pid(), List.of(1, 2));
 * }
 * }</pre>
 * Register it on a {@code static} field: JUnit calls a class's set-up and tear-down only on extensions registered
 * there. Starting waits for every worker ({@link #START_TIMEOUT} at most); closing gives running tasks the pool's
 * close timeout, then kills their workers. {@link #SETUP_SECONDS} is what the grader budgets for both
 * ({@code kit.grader.run.LessonCatalog} adds it to the class's time limit, as it adds the timeouts of
 * {@code @BeforeAll} and {@code @AfterAll} methods).
 */
public final class PoolExtension implements BeforeAllCallback, AfterAllCallback {

    /** The longest the workers may take to start (a busy 2-core machine starts a JVM in seconds, not tens). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The time budgeted for starting and closing the pool: what a {@code @BeforeAll}/{@code @AfterAll} pair gets. */
    public static final long SETUP_SECONDS = 60;
    /** How long closing waits for a worker process that is being killed to be gone. */
    static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);

    private final int workers;
    private volatile Pool pool;

    private PoolExtension(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 worker, was " + workers);
        }
        this.workers = workers;
    }

    /** A pool of {@code workers} worker processes for the test class that registers this. */
    public static PoolExtension withWorkers(int workers) {
        return new PoolExtension(workers);
    }

    /** The number of worker processes. */
    public int workers() {
        return workers;
    }

    /**
     * The class's pool.
     *
     * @throws IllegalStateException outside the class's tests, or if the extension is not registered on a static field
     */
    public Pool pool() {
        Pool current = pool;
        if (current == null) {
            throw new IllegalStateException("no pool: register the PoolExtension with @RegisterExtension on a static "
                    + "field, and use pool() only in the class's tests and @BeforeAll/@AfterAll methods");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (pool != null) {
            throw new IllegalStateException("the PoolExtension's pool is already running: register one per test class");
        }
        pool = Pool.builder().workers(workers).startTimeout(START_TIMEOUT).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Pool current = pool;
        pool = null;
        if (current != null) {
            close(current);
        }
    }

    /** Closes the pool and fails if one of its worker processes is still alive afterwards. */
    static void close(Pool pool) {
        List<ProcessHandle> workers = new ArrayList<>();
        for (long pid : pool.workerPids()) {
            ProcessHandle.of(pid).ifPresent(workers::add);
        }
        pool.close();
        List<Long> alive = new ArrayList<>();
        long deadline = System.nanoTime() + GONE_TIMEOUT.toNanos();
        for (ProcessHandle worker : workers) {
            while (worker.isAlive() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                worker.destroyForcibly();
                pause();
            }
            if (worker.isAlive()) {
                alive.add(worker.pid());
            }
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException("worker processes " + alive + " outlived their pool's close()");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        Pool current = pool;
        return "PoolExtension[" + workers + " workers" + (current == null ? ", not running" : ", " + current) + "]";
    }
}
