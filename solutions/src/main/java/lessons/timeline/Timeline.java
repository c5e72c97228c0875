package lessons.timeline;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SerializableFunction;
import lessons.globallock.Countdown;
import lessons.globallock.GlobalLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongUnaryOperator;

/**
 * Lesson 05: the tutorial's {@code track_live_time}. Each job logs the time in a loop; the same jobs run on a thread
 * pool, on a thread pool whose threads share lesson 04's global lock, and on a process pool of worker JVMs. The
 * timestamps show when each job was running, and {@link #overlap} measures how much of the time two or more jobs
 * were running at once: in Java threads overlap like processes do, and only the global lock makes them take turns.
 *
 * <p><b>The clock.</b> Timestamps are nanoseconds since the epoch, read from {@link Instant#now()} ({@link #now()}):
 * the jobs of the process pool take them in other JVMs, and only a wall clock is the same in every process (the lesson
 * page says why not {@code System.nanoTime()}).
 *
 * <p>Lesson page: docs/lessons/05-timeline.md
 */
public final class Timeline {

    /** Steps of {@link Countdown#mix(long)} in one iteration: about 10 microseconds of work between two timestamps. */
    public static final int STEPS_PER_ITERATION = 10_000;

    /**
     * Iterations a job runs while it holds the global lock before it lets the next job have it: about 200 ms of work on
     * the kit's test machine, four times {@link #MAX_GAP}, so that a job's turns show as separate stretches also on a
     * machine two or three times faster. (CPython hands its GIL over every 5 ms; our turns are longer so that the
     * picture and the measure can tell the lock's turns from the operating system's time slices.)
     */
    public static final int SWITCH_INTERVAL = 20_000;

    /**
     * Two timestamps of a job at most this far apart (nanoseconds) mean that the job was running in between: 50 ms.
     * This is the measure's resolution. It is far longer than the time between two timestamps of a running job (10
     * microseconds) and than a thread's usual wait for a core on a busy machine (the operating system hands the cores
     * round every few milliseconds), and far shorter than another job's turn at the global lock.
     */
    public static final long MAX_GAP = 50_000_000L;

    /** The experiment's defaults: 6 jobs on 2 workers, 2 turns at the lock each. */
    public static final int JOBS = 6;
    public static final int WORKERS = 2;
    public static final long ITERATIONS = 2L * SWITCH_INTERVAL;

    private Timeline() {
    }

    /**
     * How a job runs its iterations: {@code run(from, downTo, iteration)} calls {@code iteration} for
     * {@code from, from - 1, ..., downTo + 1} and returns the sum of what the calls returned. {@link #FREE} just loops;
     * lesson 04's {@link GlobalLock#run(long, long, LongUnaryOperator)} has the same shape and holds the lock while
     * it runs them, so {@code globalLock::run} is a Loop too.
     */
    @FunctionalInterface
    public interface Loop {
        long run(long from, long downTo, LongUnaryOperator iteration);
    }

    /** A loop without any lock. Given. */
    public static final Loop FREE = Timeline::free;

    private static long free(long from, long downTo, LongUnaryOperator iteration) {
        long total = 0;
        for (long i = from; i > downTo; i--) {
            total += iteration.applyAsLong(i);
        }
        return total;
    }

    /** The clock of every timestamp: nanoseconds since the epoch, the same in every process. Given. */
    public static long now() {
        Instant instant = Instant.now();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * The work of one iteration: the sum of {@code mix} over {@value #STEPS_PER_ITERATION} values that depend on the
     * iteration's number. Given; do not change it, the tests compute the same.
     */
    public static long work(long iteration) {
        long base = iteration * STEPS_PER_ITERATION;
        long sum = 0;
        for (int k = 0; k < STEPS_PER_ITERATION; k++) {
            sum += Countdown.mix(base + k);
        }
        return sum;
    }

    /** A global lock for the experiment: lesson 04's, fair (it goes to the job that waited longest), switching every
     * {@value #SWITCH_INTERVAL} iterations. */
    public static GlobalLock globalLock() {
        return new GlobalLock(new ReentrantLock(true), SWITCH_INTERVAL);
    }

    /**
     * The tutorial's {@code track_live_time}: runs {@code iterations} iterations through {@code loop}
     * ({@code loop.run(iterations, 0, ...)}); each iteration does {@link #work(long)} of its number, then logs the
     * time with {@link #now()}. Returns the job's number, this process's pid, this thread's name, the timestamps in
     * the order they were taken (one per iteration), and what {@code loop.run} returned (the sum of the work).
     *
     * @throws IllegalArgumentException if iterations &lt; 0 or more than an array can hold
     */
    public static JobTimes trackLiveTime(int job, long iterations, Loop loop) {
        // BEGIN SOLUTION run `iterations` iterations through loop.run(iterations, 0, ...): each does work(i), then logs now(); return them as a JobTimes
        if (iterations < 0 || iterations > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("iterations must be between 0 and an array's length, was " + iterations);
        }
        long[] times = new long[(int) iterations];
        int[] logged = {0};
        long checksum = loop.run(iterations, 0, i -> {
            long done = work(i);
            times[logged[0]++] = now();
            return done;
        });
        return new JobTimes(job, ProcessHandle.current().pid(), Thread.currentThread().getName(),
                Arrays.copyOf(times, logged[0]), checksum);
        // END SOLUTION
    }

    /**
     * Runs {@code job.apply(0), ..., job.apply(jobs - 1)} on a fixed pool of {@code workers} threads (a Java
     * {@code ThreadPoolExecutor}, like Python's {@code ThreadPoolExecutor(workers)}): all submitted first, then the
     * results collected in job order ({@link #collect} does that). The pool is shut down before this returns, so no
     * thread is left behind.
     *
     * @throws IllegalArgumentException if workers &lt; 1 or jobs &lt; 0
     * @throws IllegalStateException    if a job threw (its exception as the cause)
     */
    public static List<JobTimes> runOnThreadPool(int workers, int jobs, IntFunction<JobTimes> job) {
        // BEGIN SOLUTION submit every job to a fixed thread pool of `workers` threads, collect the results in order, shut the pool down
        if (workers < 1 || jobs < 0) {
            throw new IllegalArgumentException("need workers >= 1 and jobs >= 0, was " + workers + " and " + jobs);
        }
        ExecutorService executor = Executors.newFixedThreadPool(workers);
        try {
            List<Future<JobTimes>> futures = new ArrayList<>(jobs);
            for (int j = 0; j < jobs; j++) {
                int number = j;
                futures.add(executor.submit(() -> job.apply(number)));
            }
            return collect(futures);
        } finally {
            executor.shutdown();
        }
        // END SOLUTION
    }

    /**
     * Runs {@code job} for 0, ..., jobs - 1 on the process pool ({@code pool.submit(job, number)}): all submitted
     * first, then the results collected in job order ({@link #collect}). The job runs in a worker JVM: it must be a
     * serializable function (a lambda that captures only serializable values, or a static method reference).
     *
     * @throws IllegalArgumentException if jobs &lt; 0
     * @throws IllegalStateException    if a job threw (its exception as the cause)
     */
    public static List<JobTimes> runOnProcessPool(Pool pool, int jobs, SerializableFunction<Integer, JobTimes> job) {
        // BEGIN SOLUTION submit every job number to the pool with pool.submit(job, number), then collect the results in order
        if (jobs < 0) {
            throw new IllegalArgumentException("jobs must be >= 0, was " + jobs);
        }
        List<Future<JobTimes>> futures = new ArrayList<>(jobs);
        for (int j = 0; j < jobs; j++) {
            futures.add(pool.submit(job, j));
        }
        return collect(futures);
        // END SOLUTION
    }

    /** Run 1: {@code jobs} trackLiveTime jobs of {@code iterations} iterations, without a lock, on a thread pool. */
    public static List<JobTimes> threadPool(int workers, int jobs, long iterations) {
        // BEGIN SOLUTION run trackLiveTime(job, iterations, FREE) for every job on a thread pool of `workers` threads
        return runOnThreadPool(workers, jobs, job -> trackLiveTime(job, iterations, FREE));
        // END SOLUTION
    }

    /** Run 2: the same jobs on a thread pool, each running its iterations under the global lock ({@code globalLock::run}). */
    public static List<JobTimes> threadPoolUnderLock(int workers, int jobs, long iterations, GlobalLock globalLock) {
        // BEGIN SOLUTION run trackLiveTime(job, iterations, globalLock::run) for every job on a thread pool of `workers` threads
        return runOnThreadPool(workers, jobs, job -> trackLiveTime(job, iterations, globalLock::run));
        // END SOLUTION
    }

    /** Run 3: the same jobs, without a lock, in the worker processes of {@code pool}. */
    public static List<JobTimes> processPool(Pool pool, int jobs, long iterations) {
        // BEGIN SOLUTION run trackLiveTime(job, iterations, FREE) for every job in the pool's worker processes
        return runOnProcessPool(pool, jobs, job -> trackLiveTime(job, iterations, FREE));
        // END SOLUTION
    }

    /**
     * The share of the time during which two or more jobs were running, out of the time during which at least one was.
     *
     * <p>When was a job running? Between two of its consecutive timestamps (in increasing order) that are at most
     * {@code maxGap} apart: there it was logging the time every few microseconds. A larger gap means it was not running
     * in between (it waited for the lock, or for a core). So each job is running during a few stretches of time; a job
     * with fewer than two timestamps never is. With {@code maxGap = Long.MAX_VALUE} every job runs from its first
     * timestamp to its last, without gaps.
     *
     * <p>Then, over the time line: {@code several} is the total length of the time during which at least two jobs were
     * running, {@code any} that during which at least one was; the overlap is {@code several / any}, between 0 and 1,
     * and 0 when {@code any} is 0. Example, with maxGap 10: job A at 0, 10, 20 is running during [0, 20]; job B at 15,
     * 25 during [15, 25]; two run during [15, 20] (5), at least one during [0, 25] (25): the overlap is 0.2.
     * Each job counts once, however its stretches touch.
     *
     * @throws IllegalArgumentException if maxGap &lt; 0
     */
    public static double overlap(List<JobTimes> jobs, long maxGap) {
        // BEGIN SOLUTION turn each job's timestamps into stretches where consecutive ones are <= maxGap apart; sweep over their ends; return time with >= 2 running / time with >= 1 running
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap must be >= 0, was " + maxGap);
        }
        List<long[]> edges = new ArrayList<>();
        for (JobTimes job : jobs) {
            long[] t = job.times().clone();
            Arrays.sort(t);
            int i = 0;
            while (i + 1 < t.length) {
                if (t[i + 1] - t[i] > maxGap) {
                    i++;
                    continue;
                }
                long start = t[i];
                while (i + 1 < t.length && t[i + 1] - t[i] <= maxGap) {
                    i++;
                }
                if (t[i] > start) {
                    edges.add(new long[] {start, 1});
                    edges.add(new long[] {t[i], -1});
                }
            }
        }
        edges.sort((a, b) -> Long.compare(a[0], b[0]));
        long any = 0;
        long several = 0;
        long running = 0;
        long previous = 0;
        for (long[] edge : edges) {
            long length = edge[0] - previous;
            if (running >= 1) {
                any += length;
            }
            if (running >= 2) {
                several += length;
            }
            running += edge[1];
            previous = edge[0];
        }
        return any == 0 ? 0.0 : (double) several / any;
        // END SOLUTION
    }

    /**
     * Waits for each future in turn and returns the results in the order of the list. If a job failed, the others are
     * cancelled and an IllegalStateException is thrown with the job's exception as the cause. Given.
     */
    public static List<JobTimes> collect(List<Future<JobTimes>> futures) {
        List<JobTimes> results = new ArrayList<>(futures.size());
        try {
            for (Future<JobTimes> future : futures) {
                results.add(future.get());
            }
        } catch (ExecutionException failed) {
            futures.forEach(future -> future.cancel(true));
            throw new IllegalStateException("job " + results.size() + " failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            futures.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the jobs", interrupted);
        }
        return results;
    }
}
