package lessons.timeline;

import kit.grader.api.Allowance;
import kit.grader.api.CountingLock;
import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.PoolExtension;
import kit.grader.api.Rendezvous;
import kit.grader.api.RequiresCores;
import lessons.globallock.Countdown;
import lessons.globallock.GlobalLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Lesson(id = "05", title = "Timeline", allows = Allowance.SAVE_CHART_AS_PNG)
class TimelineTest {

    /** Jobs per run in the tests: two rounds on two workers. */
    static final int JOBS = 4;
    static final int WORKERS = 2;

    /** The process pool's tests share one pool of WORKERS worker JVMs: starting JVMs takes seconds. */
    @RegisterExtension
    static final PoolExtension processes = PoolExtension.withWorkers(WORKERS);
    private final Random random = new Random();

    // ---------------------------------------------------------------------------------------------------- overlap

    @Test
    @Points(3)
    @Timeout(20)
    @Hint("Sort a copy of each job's timestamps first. A gap of exactly maxGap still counts as running, a longer one "
            + "does not; a job counts once at any moment (a count of running jobs, not of stretches); and nothing "
            + "running at all gives 0.")
    void overlap_is_the_share_of_the_running_time_during_which_two_or_more_jobs_ran() {
        assertOverlap("the javadoc's example: A runs [0, 20], B [15, 25]", 10, 0.2, times(0, 10, 20), times(15, 25));
        assertOverlap("two jobs that run at the same time all along", 100, 1.0, times(0, 50, 100), times(0, 100));
        assertOverlap("two jobs one after the other", 10, 0.0, times(0, 10), times(20, 30));
        assertOverlap("a gap of exactly maxGap still counts as running", 10, 0.5, times(0, 10, 20), times(10, 20));
        assertOverlap("gaps longer than maxGap: A runs [0, 10] and [50, 60], B [5, 15] and [45, 55]; "
                + "two run 10 of the 30 during which any runs", 10, 1.0 / 3, times(0, 10, 50, 60), times(5, 15, 45, 55));
        assertOverlap("three jobs [0, 30], [10, 40], [20, 50]: two or more run during [10, 40], 30 of 50", 100, 0.6,
                times(0, 30), times(10, 40), times(20, 50));
        assertOverlap("the time when nothing runs does not count: A [0, 10], B [5, 15], C [100, 110]", 10, 0.2,
                times(0, 10), times(5, 15), times(100, 110));
        assertOverlap("timestamps out of order are sorted first", 10, 0.2, times(20, 0, 10), times(25, 15));
        assertOverlap("a job's own stretches that touch do not make it two jobs", 10, 0.0, times(0, 5, 10, 15, 20, 25));
        assertOverlap("a job with one timestamp never runs", 10, 0.0, times(5), times(0, 10));
        assertOverlap("no jobs at all", 10, 0.0);
        assertOverlap("no job ever runs", 10, 0.0, times(0), times(0, 100));
        assertOverlap("maxGap = Long.MAX_VALUE: each job runs from its first timestamp to its last", Long.MAX_VALUE, 0.5,
                times(0, 1_000_000), times(250_000, 400_000, 750_000));
        assertOverlap("epoch nanoseconds, 5 ms apart, with maxGap 50 ms", 50_000_000L, 1.0 / 3,
                times(1_700_000_000_000_000_000L, 1_700_000_000_005_000_000L, 1_700_000_000_010_000_000L),
                times(1_700_000_000_005_000_000L, 1_700_000_000_015_000_000L));
        assertThatThrownBy(() -> Timeline.overlap(List.of(job(0, times(0, 1))), -1)).as("a negative maxGap")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Check your overlap on small timelines you can count by hand, with maxGap 0, 1, a few, and Long.MAX_VALUE; "
            + "a stretch ends at the last timestamp before a longer gap, and each job counts once at any time.")
    void overlap_matches_a_count_unit_by_unit_on_random_timelines() {
        long[] gaps = {0, 1, 2, 3, 5, 8, 20, Long.MAX_VALUE};
        for (int trial = 0; trial < 300; trial++) {
            int jobs = random.nextInt(5);
            List<JobTimes> timeline = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                long[] times = new long[random.nextInt(12)];
                for (int k = 0; k < times.length; k++) {
                    times[k] = random.nextInt(60);
                }
                timeline.add(job(j, times));
            }
            long maxGap = gaps[random.nextInt(gaps.length)];
            assertThat(Timeline.overlap(timeline, maxGap)).as("overlap(%s, maxGap %d)", describe(timeline), maxGap)
                    .isCloseTo(unitByUnit(timeline, maxGap), within(1e-12));
        }
    }

    // -------------------------------------------------------------------------------------------- the recording job

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("One loop.run call for all the iterations, not one per iteration. Each timestamp is Timeline.now() (the "
            + "epoch clock every process shares, not System.nanoTime()), taken after that iteration's work(i); the "
            + "JobTimes' checksum is what loop.run returned, its pid ProcessHandle.current().pid().")
    void trackLiveTime_logs_the_epoch_time_after_each_iteration_through_the_loop_it_is_given() {
        int iterations = 500;
        List<long[]> calls = new ArrayList<>();
        List<long[]> windows = new ArrayList<>();
        Timeline.Loop watched = (from, downTo, iteration) -> {
            calls.add(new long[] {from, downTo});
            long total = 0;
            long n = from;
            while (n > downTo) {
                long before = epochNanos();
                total += iteration.applyAsLong(n);
                windows.add(new long[] {before, epochNanos()});
                n--;
            }
            return total;
        };
        long before = epochNanos();
        JobTimes job = Timeline.trackLiveTime(7, iterations, watched);
        long after = epochNanos();

        assertThat(calls).as("calls of loop.run: one, as loop.run(iterations, 0, ...)").hasSize(1);
        assertThat(calls.get(0)).as("loop.run's from and downTo").containsExactly(iterations, 0);
        assertThat(job.job()).as("the job's number").isEqualTo(7);
        assertThat(job.pid()).as("the pid: this process").isEqualTo(ProcessHandle.current().pid());
        assertThat(job.thread()).as("the thread's name: the thread that ran the job").isEqualTo(Thread.currentThread().getName());
        assertThat(job.checksum()).as("the checksum: what loop.run returned, the sum of work(i) for i = 1..%d", iterations)
                .isEqualTo(workSum(iterations));
        assertThat(job.times()).as("one timestamp per iteration").hasSize(iterations);
        for (int k = 0; k < iterations; k++) {
            assertThat(job.times()[k]).as("timestamp %d must be taken during iteration %d, on the epoch clock (Timeline.now(): "
                    + "nanoseconds since 1970, not System.nanoTime()); the job ran from %d to %d", k, k, before, after)
                    .isBetween(windows.get(k)[0], windows.get(k)[1]);
        }
        JobTimes none = Timeline.trackLiveTime(1, 0, Timeline.FREE);
        assertThat(none.times()).as("no iterations, no timestamps").isEmpty();
        assertThat(none.checksum()).as("no iterations, checksum 0").isZero();
        assertThatThrownBy(() -> Timeline.trackLiveTime(0, -1, Timeline.FREE)).as("iterations = -1")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timeline.trackLiveTime(0, Integer.MAX_VALUE + 1L, Timeline.FREE))
                .as("iterations = 2^31: more timestamps than an array can hold").isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ thread pools

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Executors.newFixedThreadPool(workers). A get() right after each submit runs one job at a time: submit "
            + "them all, then collect(futures) (given). Shut the pool down in a finally block, so that no pool "
            + "thread outlives the call, also when a job throws.")
    void runOnThreadPool_runs_the_jobs_on_that_many_pool_threads_at_the_same_time_and_leaves_none_behind() throws Exception {
        int workers = 3;
        int jobs = 8;
        Rendezvous firstRound = new Rendezvous(workers);
        Map<Integer, Thread> threads = new ConcurrentHashMap<>();
        List<JobTimes> results = Timeline.runOnThreadPool(workers, jobs, number -> {
            threads.put(number, Thread.currentThread());
            long start = epochNanos();
            long met = number < workers ? firstRound.arrive() : 1;
            return new JobTimes(number, ProcessHandle.current().pid(), Thread.currentThread().getName(),
                    new long[] {start, epochNanos()}, met);
        });
        assertThat(results).extracting(JobTimes::job).as("results in job order").containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(results).extracting(JobTimes::checksum).as("the first %d jobs each waited at a barrier for the others "
                + "(1 = all met within 5 s): with %d threads they must run at the same time", workers, workers).containsOnly(1L);
        Set<Thread> used = new HashSet<>(threads.values());
        assertThat(used).as("threads that ran the %d jobs", jobs).hasSize(workers).doesNotContain(Thread.currentThread());
        for (Thread thread : used) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).as("%s still runs 5 s after runOnThreadPool returned: shut the pool down", thread.getName())
                    .isFalse();
        }
        Set<Thread> single = ConcurrentHashMap.newKeySet();
        assertThat(Timeline.runOnThreadPool(1, 3, number -> {
            single.add(Thread.currentThread());
            return job(number, times(number));
        })).extracting(JobTimes::job).as("a pool of one thread: results in job order").containsExactly(0, 1, 2);
        assertThat(single).as("threads of a pool of one").hasSize(1);
        assertThat(Timeline.runOnThreadPool(2, 0, number -> null)).as("no jobs").isEmpty();
        assertThatThrownBy(() -> Timeline.runOnThreadPool(0, 3, number -> null)).as("workers = 0")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timeline.runOnThreadPool(2, 3, number -> {
            throw new ArithmeticException("job " + number);
        })).as("a job that throws").isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(120)
    @RequiresCores(2)
    @Hint("threadPool must run its jobs on a pool of `workers` threads (runOnThreadPool), not on a thread per job, "
            + "and with FREE, so that the jobs run side by side; if runOnThreadPool's own test fails, fix that "
            + "first.")
    void on_a_thread_pool_the_jobs_overlap(TestReporter reporter) {
        List<JobTimes> jobs = Timeline.threadPool(WORKERS, JOBS, Timeline.ITERATIONS);
        assertRun("threadPool", jobs);
        // Threads are told apart by what they did, not by name (a pool may give all its threads one name): a thread
        // runs one job at a time, so a pool of WORKERS threads never has more than WORKERS jobs under way at once.
        assertThat(mostAtOnce(jobs)).as("the most jobs under way at the same moment (each from its first timestamp to its "
                + "last): a pool of %d threads runs %d at a time. %s", WORKERS, WORKERS, describe(jobs)).isEqualTo(WORKERS);
        double overlap = report(reporter, "thread pool", jobs);
        assertThat(overlap).as("the overlap of %d jobs on %d threads: two or more should run more than half the time. %s",
                JOBS, WORKERS, describe(jobs)).isGreaterThan(0.5);
    }

    @Test
    @Tag("timing")
    @Points(3)
    @Timeout(120)
    @Hint("threadPoolUnderLock: like threadPool, but each job runs its iterations with globalLock::run instead of FREE "
            + "(lesson 04's GlobalLock.run must work). The jobs are all under way, yet only one runs at a time.")
    void under_the_global_lock_the_jobs_take_turns(TestReporter reporter) {
        CountingLock lock = new CountingLock(true); // fair: the jobs take turns
        GlobalLock globalLock = new GlobalLock(lock, Timeline.SWITCH_INTERVAL);
        List<JobTimes> jobs = Timeline.threadPoolUnderLock(WORKERS, JOBS, Timeline.ITERATIONS, globalLock);
        assertRun("threadPoolUnderLock", jobs);
        long turns = JOBS * Timeline.ITERATIONS / Timeline.SWITCH_INTERVAL;
        assertThat(lock.acquisitions()).as("times the global lock was taken: each job takes it once per turn of %d "
                + "iterations, %d turns in all", Timeline.SWITCH_INTERVAL, turns).isBetween(turns, turns + JOBS);
        assertThat(lock.takenBy()).as("threads that took the lock: the pool's %d threads", WORKERS).hasSize(WORKERS);
        double overlap = report(reporter, "thread pool under the global lock", jobs);
        double firstToLast = Timeline.overlap(jobs, Long.MAX_VALUE);
        assertThat(firstToLast).as("overlap of the jobs' [first, last] timestamps: the %d threads' jobs must be under way "
                + "together, taking turns, not one after the other. %s", WORKERS, describe(jobs)).isGreaterThan(0.3);
        assertThat(overlap).as("the overlap under the lock: one job runs at a time, so almost never two. %s", describe(jobs))
                .isLessThan(0.2);
    }

    // ------------------------------------------------------------------------------------------------ process pool

    /** A job for the pool, the test's own: notes its process and thread, sleeps 300 ms, notes the time around it. */
    static JobTimes sleepyJob(Integer number) {
        long start = epochNanos();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new JobTimes(number, ProcessHandle.current().pid(), Thread.currentThread().getName(),
                new long[] {start, epochNanos()}, number * 10L);
    }

    @Test
    @Tag("timing")
    @Points(3)
    @Timeout(30)
    @Hint("The jobs must run in the pool's workers: calling job.apply(number) yourself runs them here, in this JVM. "
            + "pool.submit(job, number) for every number, then collect(futures) (given).")
    void runOnProcessPool_runs_the_jobs_in_the_pools_worker_processes_at_the_same_time() {
        List<JobTimes> jobs = Timeline.runOnProcessPool(processes.pool(), JOBS, TimelineTest::sleepyJob);
        assertThat(jobs).extracting(JobTimes::job).as("results in job order").containsExactly(0, 1, 2, 3);
        assertThat(jobs).extracting(JobTimes::checksum).as("what each job returned").containsExactly(0L, 10L, 20L, 30L);
        List<Long> pids = jobs.stream().map(JobTimes::pid).distinct().toList();
        assertThat(pids).as("processes that ran the jobs: the pool's workers, not this JVM (pid %d)", ProcessHandle.current().pid())
                .doesNotContain(ProcessHandle.current().pid()).hasSize(WORKERS);
        assertThat(processes.pool().workerPids()).as("the pool's worker pids").containsAll(pids);
        assertThat(Timeline.overlap(jobs, Long.MAX_VALUE)).as("overlap of %d jobs that sleep 300 ms on %d workers: "
                + "submit them all before waiting for any. %s", JOBS, WORKERS, describe(jobs)).isGreaterThan(0.5);
        assertThat(Timeline.runOnProcessPool(processes.pool(), 0, TimelineTest::sleepyJob)).as("no jobs").isEmpty();
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(120)
    @RequiresCores(2)
    @Hint("The job that travels to the workers must be serializable: a lambda that captures only the iterations and "
            + "uses Timeline.FREE itself, not a Loop kept in a local variable (a Loop is not Serializable). Its "
            + "timestamps must be Timeline.now(), the clock every process shares.")
    void on_the_process_pool_the_jobs_overlap_and_their_times_compare_with_the_parents(TestReporter reporter) {
        long before = epochNanos();
        List<JobTimes> jobs = Timeline.processPool(processes.pool(), JOBS, Timeline.ITERATIONS);
        long after = epochNanos();
        assertRun("processPool", jobs);
        assertThat(jobs.stream().map(JobTimes::pid).distinct().toList()).as("the jobs' pids")
                .doesNotContain(ProcessHandle.current().pid()).hasSize(WORKERS);
        for (JobTimes job : jobs) {
            assertThat(job.first()).as("job %d's first timestamp, taken in another process, must lie between the parent's "
                    + "clock before (%d) and after (%d) the run: use the epoch clock", job.job(), before, after).isBetween(before, after);
            assertThat(job.last()).as("job %d's last timestamp", job.job()).isBetween(before, after);
        }
        double overlap = report(reporter, "process pool", jobs);
        assertThat(overlap).as("the overlap of %d jobs on %d worker processes: two or more should run more than half the time. %s",
                JOBS, WORKERS, describe(jobs)).isGreaterThan(0.5);
    }

    // ------------------------------------------------------------------------------------------------ the picture

    @Test
    @Points(2)
    @Timeout(180)
    @Hint("TimelineDemo.run runs your three runs and draws them: threadPool, threadPoolUnderLock and processPool must "
            + "all work, and return every job's timestamps.")
    void the_experiment_draws_the_three_timelines_to_a_png_under_target(TestReporter reporter) throws Exception {
        // Drawn into a folder of this run's own, so that no other run (a concurrent grading or mutation-testing JVM)
        // can write the picture this test checks. Copied to target/timeline.png once it passed: a run whose code fails
        // (the stubs) leaves the last good picture in place.
        Path folder = Files.createTempDirectory("kit-timeline-");
        Path png = folder.resolve("timeline.png");
        try {
            TimelineDemo.Result result = TimelineDemo.run(processes.pool(), JOBS, Timeline.ITERATIONS, png);
            assertThat(result.panels()).extracting(TimelinePlot.Panel::name).as("the panels")
                    .containsExactly(TimelineDemo.THREADS, TimelineDemo.LOCKED, TimelineDemo.PROCESSES);
            long me = ProcessHandle.current().pid();
            for (TimelinePlot.Panel panel : result.panels()) {
                assertRun(panel.name(), panel.jobs());
                List<Long> pids = panel.jobs().stream().map(JobTimes::pid).distinct().toList();
                if (panel.name().equals(TimelineDemo.PROCESSES)) {
                    assertThat(pids).as("%s: the processes that ran the jobs: the pool's workers, not this JVM (pid %d)",
                            panel.name(), me).doesNotContain(me);
                } else {
                    assertThat(pids).as("%s: the process that ran the jobs: this JVM", panel.name()).containsExactly(me);
                }
            }
            assertThat(png).as("the picture").exists();
            assertThat(Files.size(png)).as("bytes in %s", png).isGreaterThan(5_000);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("%s read as an image (a valid PNG)", png).isNotNull();
            assertThat(image.getWidth()).as("width of %s", png).isBetween(800, 4000);
            assertThat(image.getHeight()).as("height of %s", png).isBetween(300, 3000);
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < image.getWidth(); x += 2) {
                for (int y = 0; y < image.getHeight(); y += 2) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertThat(colours.size()).as("colours in the picture: the jobs' rows have colours of their own").isGreaterThan(6);
            Path kept = Path.of("target", "timeline.png");
            Files.createDirectories(kept.toAbsolutePath().getParent());
            // Through a file of its own and a rename, which replaces at once: another run may be copying its picture too.
            Path copy = Files.createTempFile(kept.toAbsolutePath().getParent(), "timeline-", ".png");
            Files.copy(png, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.move(copy, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            reporter.publishEntry("picture", kept.toAbsolutePath() + String.format(Locale.ROOT, " (%d x %d); overlaps: %s",
                    image.getWidth(), image.getHeight(), result.panels().stream()
                            .map(panel -> panel.name() + String.format(Locale.ROOT, " %.2f", panel.overlap())).toList()));
        } finally {
            Files.deleteIfExists(png);
            Files.deleteIfExists(folder);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static long epochNanos() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    static long[] times(long... times) {
        return times;
    }

    static JobTimes job(int number, long[] times) {
        return new JobTimes(number, 1, "test", times, 0);
    }

    static void assertOverlap(String what, long maxGap, double expected, long[]... jobs) {
        List<JobTimes> timeline = new ArrayList<>();
        for (int j = 0; j < jobs.length; j++) {
            timeline.add(job(j, jobs[j]));
        }
        assertThat(Timeline.overlap(timeline, maxGap)).as("%s: overlap(%s, maxGap %d)", what, describe(timeline), maxGap)
                .isCloseTo(expected, within(1e-9));
    }

    /** The overlap counted one time unit at a time: jobs running during [u, u + 1), for every u. */
    static double unitByUnit(List<JobTimes> timeline, long maxGap) {
        long end = 0;
        for (JobTimes job : timeline) {
            for (long t : job.times()) {
                end = Math.max(end, t);
            }
        }
        int atLeastOne = 0;
        int atLeastTwo = 0;
        for (long u = 0; u < end; u++) {
            int running = 0;
            for (JobTimes job : timeline) {
                if (runsDuring(job.times(), maxGap, u)) {
                    running++;
                }
            }
            atLeastOne += running >= 1 ? 1 : 0;
            atLeastTwo += running >= 2 ? 1 : 0;
        }
        return atLeastOne == 0 ? 0 : atLeastTwo / (double) atLeastOne;
    }

    /** Whether some pair of timestamps next to each other in time, at most maxGap apart, encloses [u, u + 1). */
    static boolean runsDuring(long[] times, long maxGap, long u) {
        long latestAtOrBefore = Long.MIN_VALUE;
        long earliestAfter = Long.MAX_VALUE;
        for (long t : times) {
            if (t <= u) {
                latestAtOrBefore = Math.max(latestAtOrBefore, t);
            } else {
                earliestAfter = Math.min(earliestAfter, t);
            }
        }
        return latestAtOrBefore != Long.MIN_VALUE && earliestAfter != Long.MAX_VALUE && earliestAfter - latestAtOrBefore <= maxGap;
    }

    /** The sum of Timeline.work(i) for i = 1..n, with the test's own copy of the work. */
    static long workSum(long n) {
        long sum = 0;
        for (long i = 1; i <= n; i++) {
            for (long k = i * Timeline.STEPS_PER_ITERATION, stop = k + Timeline.STEPS_PER_ITERATION; k < stop; k++) {
                sum += Countdown.mix(k);
            }
        }
        return sum;
    }

    static void assertRun(String what, List<JobTimes> jobs) {
        assertThat(jobs).extracting(JobTimes::job).as("%s: the jobs' numbers, in order", what).containsExactly(0, 1, 2, 3);
        for (JobTimes job : jobs) {
            assertThat(job.times()).as("%s: job %d's timestamps, one per iteration", what, job.job()).hasSize((int) Timeline.ITERATIONS);
        }
        assertThat(jobs.get(0).checksum()).as("%s: job 0's checksum", what).isEqualTo(workSum(Timeline.ITERATIONS));
    }

    /** The most jobs whose [first, last] spans share a moment (spans that only touch do not). */
    static int mostAtOnce(List<JobTimes> jobs) {
        List<long[]> edges = new ArrayList<>();
        for (JobTimes job : jobs) {
            if (job.times().length > 0) {
                long first = java.util.Arrays.stream(job.times()).min().getAsLong();
                long last = java.util.Arrays.stream(job.times()).max().getAsLong();
                edges.add(new long[] {first, 1});
                edges.add(new long[] {last, -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int most = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            most = Math.max(most, running);
        }
        return most;
    }

    static double report(TestReporter reporter, String what, List<JobTimes> jobs) {
        double overlap = Timeline.overlap(jobs, Timeline.MAX_GAP);
        reporter.publishEntry("overlap", String.format(Locale.ROOT, "%s: %.2f (maxGap %d ms); [first, last] alone: %.2f; %s",
                what, overlap, Timeline.MAX_GAP / 1_000_000, Timeline.overlap(jobs, Long.MAX_VALUE), describe(jobs)));
        return overlap;
    }

    static String describe(List<JobTimes> jobs) {
        if (jobs.stream().allMatch(job -> job.times().length <= 12)) {
            return jobs.stream().map(job -> java.util.Arrays.toString(job.times())).toList().toString();
        }
        long start = jobs.stream().filter(job -> job.times().length > 0).mapToLong(JobTimes::first).min().orElse(0);
        return "jobs (ms since the first timestamp): " + jobs.stream().map(job -> job.times().length == 0 ? "job " + job.job() + " []"
                : String.format(Locale.ROOT, "job %d [%d, %d] on %s", job.job(), (job.first() - start) / 1_000_000,
                (job.last() - start) / 1_000_000, job.thread())).toList();
    }
}
