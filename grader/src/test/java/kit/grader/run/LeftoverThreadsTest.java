package kit.grader.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoverThreadsTest {

    static Set<Thread> now() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Test
    @Timeout(20)
    void a_thread_still_at_work_is_interrupted_and_reported_as_a_fault() throws Exception {
        Set<Thread> before = now();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, "stuck");
        stuck.start();
        LeftoverThreads found = LeftoverThreads.settle(before, Thread.currentThread());
        assertThat(found.running()).containsExactly(stuck);
        assertThat(found.idlePool()).isEmpty();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stuck thread was interrupted").isTrue();
        assertThat(found.note("the test")).isEqualTo("'the test' left 1 thread(s) running (\"stuck\"); the grader interrupted "
                + "them. Join the threads you start.");
    }

    @Test
    @Timeout(20)
    void a_thread_that_ends_within_the_grace_time_is_not_reported() throws Exception {
        Set<Thread> before = now();
        Thread ending = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted before it could end on its own", e);
            }
        }, "ending");
        ending.start();
        LeftoverThreads found = LeftoverThreads.settle(before, Thread.currentThread());
        assertThat(found.running()).isEmpty();
        assertThat(found.note("the test")).isNull();
    }

    @Test
    @Timeout(20)
    void idle_workers_of_a_kept_pool_are_information_and_are_not_interrupted() throws Exception {
        ForkJoinPool forkJoin = new ForkJoinPool(2);
        ExecutorService fixed = Executors.newFixedThreadPool(1, work -> new Thread(work, "same name"));
        try {
            Set<Thread> before = now();
            assertThat(forkJoin.submit(() -> 6 * 7).get()).isEqualTo(42);
            assertThat(fixed.submit(() -> 7).get()).isEqualTo(7);
            LeftoverThreads found = LeftoverThreads.settle(before, Thread.currentThread());
            assertThat(found.running()).as("threads at work").isEmpty();
            assertThat(found.idlePool()).as("idle pool workers").isNotEmpty()
                    .allMatch(t -> !t.isInterrupted()).anyMatch(t -> t.getName().equals("same name"));
            assertThat(found.note("keeps a pool")).startsWith("For information, not a fault: 'keeps a pool' left ")
                    .contains("idle pool thread(s) waiting for work", "\"same name\"").doesNotContain("Join the threads");
            // The pools still work: nothing of theirs was disturbed.
            assertThat(forkJoin.submit(() -> 1 + 1).get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(fixed.submit(() -> 3).get(5, TimeUnit.SECONDS)).isEqualTo(3);
        } finally {
            forkJoin.shutdownNow();
            fixed.shutdownNow();
        }
    }

    @Test
    @Timeout(20)
    void a_pool_worker_busy_with_a_task_is_at_work() throws Exception {
        ExecutorService fixed = Executors.newFixedThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Set<Thread> before = now();
            fixed.submit(() -> {
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
            });
            LeftoverThreads found = LeftoverThreads.settle(before, Thread.currentThread());
            assertThat(found.running()).as("a worker running a task").hasSize(1);
            assertThat(found.idlePool()).isEmpty();
        } finally {
            release.countDown();
            fixed.shutdownNow();
        }
    }

    @Test
    void the_common_pool_and_junit_threads_are_not_the_tests() {
        assertThat(LeftoverThreads.isStudentThread(new Thread(() -> { }, "junit-timeout-thread"))).isFalse();
        assertThat(LeftoverThreads.isStudentThread(new Thread(() -> { }, "ForkJoinPool.commonPool-worker-1")))
                .as("a thread that only takes the common pool's name is told apart by what it is").isTrue();
        assertThat(LeftoverThreads.isStudentThread(new Thread(() -> { }, "worker"))).isTrue();
    }
}
