package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing, dying workers and their replacement: each test has its own pool. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PoolLifecycleTest {

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void closeEndsEveryWorker() throws Exception {
        List<Long> pids;
        try (Pool pool = new Pool(3)) {
            pids = pool.workerPids();
            assertThat(pids).hasSize(3).doesNotHaveDuplicates().allMatch(Processes::isRunning);
            assertThat(pool.submit(() -> 1).get()).isEqualTo(1);
        }
        assertThat(pids).noneMatch(Processes::isRunning);
    }

    @Test
    void jvmOptionsReachTheWorkersAndAChosenCollectorReplacesTheDefault() throws Exception {
        try (Pool pool = Pool.builder().workers(1).jvmOptions("-XX:+UseParallelGC", "-Dkit.test.flag=on").build()) {
            String flag = pool.submit(() -> System.getProperty("kit.test.flag")).get();
            String gcs = pool.submit(() -> java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
                    .stream().map(java.lang.management.GarbageCollectorMXBean::getName)
                    .collect(java.util.stream.Collectors.joining(","))).get();
            assertThat(flag).isEqualTo("on");
            assertThat(gcs).containsIgnoringCase("PS ");
        }
    }

    @Test
    void submitAfterCloseIsRejectedAndCloseTwiceIsHarmless() {
        Pool pool = new Pool(1);
        pool.close();
        pool.close();
        assertThatThrownBy(() -> pool.submit(() -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeCancelsQueuedTasksAndStopsARunningTaskAfterTheTimeout() {
        Future<Integer> running;
        Future<Integer> queued;
        List<Long> pids;
        long start = System.nanoTime();
        try (Pool pool = Pool.builder().workers(1).closeTimeout(Duration.ofMillis(300)).build()) {
            pids = pool.workerPids();
            running = pool.submit(() -> {
                Thread.sleep(60_000);
                return 1;
            });
            queued = pool.submit(() -> 2);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(queued.isCancelled()).isTrue();
        // JDK 23+ wraps the cancellation in a new CancellationException("get") whose cause is ours
        assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class)
                .satisfies(e -> assertThat(e + " " + e.getCause()).contains("pool was closed"));
        assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WorkerDiedException.class).hasMessageContaining("closed");
        assertThat(pids).noneMatch(Processes::isRunning);
    }

    @Test
    void closeLetsARunningTaskFinishWithinTheTimeout() throws Exception {
        Future<Integer> f;
        try (Pool pool = Pool.builder().workers(1).closeTimeout(Duration.ofSeconds(20)).build()) {
            f = pool.submit(() -> {
                Thread.sleep(300);
                return 5;
            });
        }
        assertThat(f.get(0, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void systemExitInATaskFailsItWithPidAndExitCodeAndTheWorkerIsReplaced() throws Exception {
        try (Pool pool = new Pool(2)) {
            List<Long> before = pool.workerPids();
            Future<Object> f = pool.submit(() -> {
                System.exit(42);
                return null;
            });
            ExecutionException e = (ExecutionException) catchThrowable(f);
            WorkerDiedException died = (WorkerDiedException) e.getCause();
            assertThat(died.exitCode()).isEqualTo(42);
            assertThat(before).contains(died.pid());
            assertThat(died).hasMessageContaining("worker process " + died.pid())
                    .hasMessageContaining("exit code 42");
            awaitReplaced(pool, died.pid());
            assertThat(runEverywhere(pool)).hasSize(2).doesNotContain(died.pid());
        }
    }

    @Test
    void outOfMemoryInATaskFailsItAndTheWorkerIsReplaced() throws Exception {
        try (Pool pool = Pool.builder().workers(1).jvmOptions("-Xmx48m").build()) {
            Future<Object> f = pool.submit(() -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            });
            ExecutionException e = (ExecutionException) catchThrowable(f);
            WorkerDiedException died = (WorkerDiedException) e.getCause();
            assertThat(died.exitCode()).isEqualTo(Worker.EXIT_OUT_OF_MEMORY);
            assertThat(died).hasMessageContaining("worker process " + died.pid()).hasMessageContaining("OutOfMemoryError");
            assertThat(died.getCause()).isInstanceOf(OutOfMemoryError.class);
            assertThat(died.getCause().getStackTrace())
                    .anySatisfy(frame -> assertThat(frame.getClassName()).isEqualTo(PoolLifecycleTest.class.getName()));
            awaitReplaced(pool, died.pid());
            assertThat(pool.submit(() -> "fine").get()).isEqualTo("fine");
        }
    }

    @Test
    void killingAWorkerFailsItsTaskAndAFreshWorkerTakesOver(@TempDir Path dir) throws Exception {
        try (Pool pool = new Pool(2)) {
            String pidFile = dir.resolve("runner.pid").toString();
            Future<Long> f = pool.submit(() -> {
                Files.writeString(Path.of(pidFile + ".tmp"), Long.toString(pid()));
                Files.move(Path.of(pidFile + ".tmp"), Path.of(pidFile));
                Thread.sleep(60_000);
                return pid();
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(Path.of(pidFile)));
            long runner = Long.parseLong(Files.readString(Path.of(pidFile)));
            assertThat(pool.workerPids()).contains(runner);
            ProcessHandle.of(runner).ifPresent(ProcessHandle::destroyForcibly);
            ExecutionException e = (ExecutionException) catchThrowable(f);
            WorkerDiedException died = (WorkerDiedException) e.getCause();
            assertThat(died.pid()).isEqualTo(runner);
            assertThat(died.exitCode()).isEqualTo(137);
            assertThat(died).hasMessageContaining("worker process " + runner).hasMessageContaining("SIGKILL");
            awaitReplaced(pool, runner);
            assertThat(runEverywhere(pool)).hasSize(2).doesNotContain(runner);
        }
    }

    @Test
    void aWorkerThatDiesMidMapFailsTheMapCleanlyAndIsReplaced() throws Exception {
        List<Long> last;
        try (Pool pool = new Pool(2)) {
            List<Long> before = pool.workerPids();
            long t0 = System.nanoTime();
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> pool.map(x -> {
                if (x == 30) {
                    Runtime.getRuntime().halt(7);       // the worker dies in the middle of its chunk
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                return x;
            }, java.util.stream.IntStream.range(0, 100).boxed().collect(java.util.stream.Collectors.toList()), 10));
            assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkerDiedException.class);
            WorkerDiedException died = (WorkerDiedException) thrown.getCause();
            assertThat(died.exitCode()).isEqualTo(7);
            assertThat(before).contains(died.pid());
            assertThat(System.nanoTime() - t0).as("the map fails at once, it does not wait for a timeout")
                    .isLessThan(TimeUnit.SECONDS.toNanos(20));
            awaitReplaced(pool, died.pid());
            assertThat(pool.map(x -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
            last = pool.workerPids();
        }
        assertThat(last).noneMatch(Processes::isRunning);
    }

    @Test
    void killingAnIdleWorkerIsNoticedAndItIsReplaced() throws Exception {
        try (Pool pool = new Pool(2)) {
            long victim = pool.workerPids().get(1);
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            awaitReplaced(pool, victim);
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int x = i;
                fs.add(pool.submit(() -> x + 1));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(fs.get(i).get()).isEqualTo(i + 1);
            }
        }
    }

    /** Runs slow tasks until both workers have answered; returns their pids. */
    private static java.util.Set<Long> runEverywhere(Pool pool) throws Exception {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        List<Future<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(pool.submit(() -> {
                Thread.sleep(100);
                return pid();
            }));
        }
        for (Future<Long> f : fs) {
            pids.add(f.get());
        }
        return pids;
    }

    private static void awaitReplaced(Pool pool, long dead) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Long> pids = pool.workerPids();
            return pids.size() == pool.size() && !pids.contains(dead);
        });
        assertThat(Processes.isRunning(dead)).isFalse();
    }

    private static Throwable catchThrowable(Future<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e;
        }
        throw new AssertionError("the task should have failed");
    }
}
