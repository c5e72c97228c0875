package lessons.threads;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Lesson(id = "01", title = "Threads")
class ThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Random random = new Random();

    @Test
    @Tag("timing")
    @Points(1)
    @Timeout(10)
    @Hint("The steps are i = 0 .. n-1, not 1 .. n, and each of them sleeps: "
            + "TimeUnit.NANOSECONDS.sleep(pause.toNanos()), or Thread.sleep(pause.toMillis()).")
    void expensiveFunction_sums_0_to_n_minus_1_and_sleeps_once_per_step() throws Exception {
        assertThat(Threads.expensiveFunction(0, Duration.ZERO)).as("expensiveFunction(0): no steps, the empty sum").isZero();
        assertThat(Threads.expensiveFunction(1, Duration.ZERO)).as("expensiveFunction(1) = 0").isZero();
        assertThat(Threads.expensiveFunction(2, Duration.ZERO)).as("expensiveFunction(2) = 0 + 1").isEqualTo(1);
        for (int trial = 0; trial < 20; trial++) {
            int n = random.nextInt(2_000);
            assertThat(Threads.expensiveFunction(n, Duration.ZERO))
                    .as("expensiveFunction(%d) should return 0 + 1 + ... + %d", n, n - 1)
                    .isEqualTo((long) n * (n - 1) / 2);
        }
        long start = System.nanoTime();
        Threads.expensiveFunction(5, Duration.ofMillis(20));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("expensiveFunction(5, 20 ms) should sleep 5 times 20 ms, but took %d ms", elapsedMs)
                .isGreaterThanOrEqualTo(95);
        assertThatThrownBy(() -> Threads.expensiveFunction(-1, Duration.ZERO))
                .as("a negative n is a bad argument").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("Call start() on each thread, not run(): run() executes the job on the calling thread. Do not join inside startWorkers.")
    void startWorkers_returns_while_the_workers_still_run() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int value = i;
            jobs.add(() -> {
                release.await();
                return value * value;
            });
        }
        Workers<Integer> workers = callWithin(Duration.ofSeconds(3), () -> Threads.startWorkers(jobs),
                "startWorkers did not return while its jobs were still waiting: it must start the threads and return, not wait for them");
        assertThat(workers.isFinished()).as("isFinished() while every job is still waiting").isFalse();
        assertThat(workers.threads()).as("threads(), one per job").hasSize(4);
        assertThat(workers.threads()).as("every thread has been started").allMatch(Thread::isAlive);

        release.countDown();
        await().atMost(WAIT).until(workers::isFinished);
        assertThat(workers.joinAll()).as("results in job order").containsExactly(0, 1, 4, 9);
    }

    @Test
    @Points(3)
    @Timeout(20)
    @Hint("Start all 16 threads before joining any of them: a join right after each start runs the jobs one after another.")
    void sixteen_workers_all_run_at_the_same_time_on_threads_of_their_own() throws Exception {
        int n = 16;
        CountDownLatch allRunning = new CountDownLatch(n);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        List<Callable<Boolean>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(() -> {
                ranOn.add(Thread.currentThread());
                allRunning.countDown();
                // Only possible if all 16 jobs are running at once.
                return allRunning.await(5, TimeUnit.SECONDS);
            });
        }
        Workers<Boolean> workers = Threads.startWorkers(jobs);
        List<Boolean> met = workers.joinAll();
        assertThat(met).as("each job waited for all 16 to be running at once; false means some jobs only started "
                + "after others had ended").containsOnly(true);
        assertThat(ranOn).as("the threads the jobs ran on").hasSize(n).doesNotContain(caller)
                .containsExactlyInAnyOrderElementsOf(workers.threads());
    }

    @Test
    @Tag("timing")
    @Points(3)
    @Timeout(30)
    @Hint("16 sleeping jobs take about the time of the longest one. The sum of their times means they ran one after "
            + "another (run() instead of start(), or a join inside startWorkers); less than the longest means "
            + "expensiveFunction does not sleep.")
    void sixteen_sleeping_workers_take_the_time_of_the_longest_not_the_sum(TestReporter reporter) throws Exception {
        Duration pause = Duration.ofMillis(10);
        List<Callable<Long>> jobs = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        int longest = 0;
        int total = 0;
        for (int i = 0; i < 16; i++) {
            int n = 5 + random.nextInt(20);
            longest = Math.max(longest, n);
            total += n;
            expected.add((long) n * (n - 1) / 2);
            jobs.add(() -> Threads.expensiveFunction(n, pause));
        }
        long start = System.nanoTime();
        List<Long> results = Threads.startWorkers(jobs).joinAll();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long longestMs = longest * pause.toMillis();
        long sumMs = total * pause.toMillis();
        reporter.publishEntry("elapsed", elapsedMs + " ms");
        reporter.publishEntry("longest job", longestMs + " ms");
        reporter.publishEntry("sum of jobs", sumMs + " ms");

        assertThat(results).as("results in job order").containsExactlyElementsOf(expected);
        assertThat(elapsedMs).as("16 workers took %d ms; the longest job sleeps %d ms and all jobs together %d ms: "
                        + "they should overlap", elapsedMs, longestMs, sumMs)
                .isGreaterThanOrEqualTo(longestMs - 5)
                .isLessThan(sumMs / 3);
    }

    /** Longer than any time limit a joinAll could plausibly give each thread (join(1000), join(2000), ...). */
    static final Duration LONGER_THAN_A_FIXED_WAIT = Duration.ofSeconds(4);

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("joinAll must wait for every thread to end, however long it takes: thread.join() with no time limit. A "
            + "join(millis) gives up after that time and returns before the slow jobs have their results.")
    void joinAll_waits_for_every_job_however_long_it_takes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Callable<String>> jobs = List.of(() -> {
            release.await();
            return "slow 0";
        }, () -> "fast 1", () -> {
            release.await();
            return "slow 2";
        });
        Workers<String> workers = Threads.startWorkers(jobs);
        var joining = new java.util.concurrent.FutureTask<>(workers::joinAll);
        Thread joiner = new Thread(joining, "calls-joinAll");
        joiner.setDaemon(true);
        joiner.start();
        try {
            List<String> early = joining.get(LONGER_THAN_A_FIXED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("joinAll() returned " + early + " while jobs 0 and 2 were still running (they ran for "
                    + LONGER_THAN_A_FIXED_WAIT.toSeconds() + " s): it must wait for every job to end, however long it takes");
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            // As it should: the slow jobs have not ended.
        } catch (ExecutionException threw) {
            throw new AssertionError("joinAll() threw while jobs 0 and 2 were still running: " + threw.getCause(), threw.getCause());
        } finally {
            release.countDown();
        }
        assertThat(joining.get(5, TimeUnit.SECONDS)).as("joinAll() once the slow jobs were let go: every job's result, in job order")
                .containsExactly("slow 0", "fast 1", "slow 2");
        assertThat(workers.isFinished()).as("after joinAll(), every thread has ended").isTrue();
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("Workers.run (given) keeps what a job threw in failures[slot]: after joining every thread, throw new "
            + "ExecutionException(..., failures[slot]) rather than return that job's missing result.")
    void joinAll_reports_a_failed_job_as_an_ExecutionException_with_its_cause() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Callable<Integer>> jobs = List.of(() -> 1, () -> {
            throw boom;
        }, () -> 3);
        Workers<Integer> workers = Threads.startWorkers(jobs);
        assertThatThrownBy(workers::joinAll).as("joinAll() when job 1 threw")
                .isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(workers.isFinished()).as("after joinAll(), every thread has ended").isTrue();
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("With no jobs, start nothing: joinAll() returns an empty list and isFinished() is true.")
    void no_jobs_means_no_threads() throws Exception {
        Workers<Object> workers = Threads.startWorkers(List.of());
        assertThat(workers.threads()).isEmpty();
        assertThat(workers.isFinished()).isTrue();
        assertThat(workers.joinAll()).isEmpty();
    }

    /** Runs a call on a helper thread and fails with the message if it does not return in time. */
    static <T> T callWithin(Duration limit, Callable<T> call, String message) throws Exception {
        var task = new java.util.concurrent.FutureTask<>(call);
        Thread runner = new Thread(task, "call-within");
        runner.setDaemon(true);
        runner.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(message);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
