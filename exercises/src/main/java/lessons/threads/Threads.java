package lessons.threads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 01: threads. A thread runs a piece of code alongside the thread that started it; {@code start()}
 * returns at once, {@code join()} waits for the end. On the JVM there is no GIL: threads really run at the
 * same time, one per core, and threads that only wait (sleep, download) take no core at all.
 *
 * Lesson page: docs/lessons/01-threads.md
 */
public final class Threads {

    private Threads() {
    }

    /**
     * The tutorial's {@code expensive_function}: adds 0 + 1 + ... + (n - 1), sleeping {@code pause} before each
     * step. It spends its time waiting, as a download does.
     *
     * @return the sum 0 + 1 + ... + (n - 1), which is n(n-1)/2
     * @throws IllegalArgumentException if n is negative
     */
    public static long expensiveFunction(int n, Duration pause) throws InterruptedException {
        throw new UnsupportedOperationException("TODO: add 0 + 1 + ... + (n - 1), sleeping `pause` before each step");
    }

    /**
     * Starts one new thread per job and returns at once, while the jobs still run: the caller keeps working
     * and collects the results later with {@link Workers#joinAll()}.
     *
     * @param jobs the work, one job per thread; job i's result is result i
     * @return the started threads, in job order
     */
    public static <T> Workers<T> startWorkers(List<? extends Callable<? extends T>> jobs) {
        throw new UnsupportedOperationException("TODO: a Workers for jobs.size() jobs; per job a thread that calls workers.run(i, job), added to workers and started; return without waiting");
    }
}
