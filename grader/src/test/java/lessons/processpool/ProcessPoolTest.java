package lessons.processpool;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.PoolExtension;
import kit.grader.api.RequiresCores;
import kit.grader.api.Speedup;
import kit.grader.api.SpeedupCheck;
import kit.multiprocessing.Pool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Lesson(id = "06", title = "Process pool")
class ProcessPoolTest {

    /** The tests share one pool of two worker JVMs (starting JVMs takes seconds); one test starts fresh workers. */
    @RegisterExtension
    static final PoolExtension processes = PoolExtension.withWorkers(2);
    private final Random random = new Random();

    /** What a task saw in its worker: which process ran it, and when it ended. */
    record Ran(int item, long pid, long endedMillis) implements java.io.Serializable {
    }

    static Ran sleepThenReport(int item, int millis) {
        ProcessPool.sleep(millis);
        return new Ran(item, ProcessHandle.current().pid(), System.currentTimeMillis());
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Every item, the last one too, gets its task; resultsInOrder(futures) (given) collects the results in the "
            + "order of the items.")
    void map_returns_fn_of_every_item_in_item_order() throws Exception {
        List<Integer> items = random.ints(50, -1000, 1000).boxed().toList();
        List<Integer> squares = ProcessPool.map(processes.pool(), x -> x * x + 1, items);
        assertThat(squares).as("map(x -> x*x + 1) of %s", items).containsExactlyElementsOf(items.stream().map(x -> x * x + 1).toList());
        assertThat(ProcessPool.map(processes.pool(), x -> x, List.of())).as("map of no items").isEmpty();
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("fn.apply(item) here runs in this JVM, not in a worker: every task goes through pool.submit(fn, item), all "
            + "of them before the first get().")
    void map_runs_the_tasks_in_at_least_two_worker_processes_other_than_this_one() throws Exception {
        List<Ran> ran = ProcessPool.map(processes.pool(), item -> sleepThenReport(item, 100), IntStream.range(0, 8).boxed().toList());
        List<Long> pids = ran.stream().map(Ran::pid).distinct().toList();
        assertThat(pids).as("processes that ran the 8 tasks").doesNotContain(ProcessHandle.current().pid())
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(processes.pool().workerPids()).as("they are the pool's workers").containsAll(pids);
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Collect the results in the order you submitted them (futures in a list), not in the order they finish.")
    void map_keeps_item_order_when_later_items_finish_first() throws Exception {
        int[] millis = {600, 200, 300, 100, 250, 50};
        List<Ran> ran = ProcessPool.map(processes.pool(), item -> sleepThenReport(item, millis[item]), IntStream.range(0, 6).boxed().toList());
        assertThat(ran).extracting(Ran::item).as("results in item order").containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(ran.get(1).endedMillis()).as("item 1 (200 ms) ended before item 0 (600 ms): they ran at the same time")
                .isLessThan(ran.get(0).endedMillis());
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Let future.get()'s ExecutionException through: a task's exception must reach the caller of map/starmap.")
    void a_task_that_throws_fails_map_and_starmap_with_its_exception() {
        assertThatThrownBy(() -> ProcessPool.map(processes.pool(), ProcessPoolTest::failOnThree, List.of(1, 2, 3, 4)))
                .as("map with a task that throws for 3").isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("bad item 3");
        assertThatThrownBy(() -> ProcessPool.starmap(processes.pool(), (Integer a, Integer b) -> failOnThree(a + b),
                List.of(Args.of(0, 1), Args.of(1, 2))))
                .as("starmap with a task that throws for 1 + 2").isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("bad item 3");
    }

    static int failOnThree(int item) {
        if (item == 3) {
            throw new IllegalStateException("bad item " + item);
        }
        return item;
    }

    @Test
    @Tag("timing")
    @Points(3)
    @Timeout(30)
    @Hint("Ten tasks of 100 ms on 2 workers finish in about half a second only if starmap submits every pair before "
            + "the first get(). parallelTaskWithArg returns i * number, a double.")
    void starmap_of_parallelTaskWithArg_returns_i_times_number_in_order_from_the_workers() throws Exception {
        List<Args<Integer, Double>> args = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double number = random.nextDouble();
            args.add(Args.of(i, number));
            expected.add(i * number);
        }
        // Untimed first: a worker's first task of a kind loads and compiles its classes, which can add half a second
        // when this test runs first. The timed run below measures the tasks, not that.
        ProcessPool.starmap(processes.pool(), ProcessPool::parallelTaskWithArg, List.of(Args.of(0, 0.0), Args.of(1, 0.0),
                Args.of(2, 0.0), Args.of(3, 0.0)));
        long start = System.nanoTime();
        List<Double> results = ProcessPool.starmap(processes.pool(), ProcessPool::parallelTaskWithArg, args);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(results).as("starmap(parallelTaskWithArg) of %s", args).containsExactlyElementsOf(expected);
        assertThat(elapsedMs).as("10 tasks of 100 ms on 2 workers took %d ms: each task sleeps 100 ms, and two run at once", elapsedMs)
                .isGreaterThanOrEqualTo(490).isLessThan(950);
        List<Long> pids = ProcessPool.starmap(processes.pool(), (Integer a, Integer b) -> sleepThenReport(a + b, 100).pid(),
                List.of(Args.of(0, 1), Args.of(2, 3), Args.of(4, 5), Args.of(6, 7)));
        assertThat(pids).as("starmap runs in the workers").doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("parallelTask returns the square i * i (not i + i), after its 100 ms sleep; what it prints appears on this "
            + "console, copied from the worker.")
    void map_of_parallelTask_returns_the_squares_as_in_the_tutorial() throws Exception {
        assertThat(ProcessPool.map(processes.pool(), ProcessPool::parallelTask, IntStream.range(0, 10).boxed().toList()))
                .containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
    }

    /** A worker's own copy of GlobalVectors' c, and which worker it is. */
    record WorkersC(long pid, int[] c) implements java.io.Serializable {
    }

    /** Meets the other task (so that each of the two runs in a worker of its own), then reports this worker's c. */
    static WorkersC cOfThisWorker(String dir, Integer me) {
        if (!meetTheOther(dir, me)) {
            throw new IllegalStateException("the other task did not arrive within " + MEETING_SECONDS + " s");
        }
        return new WorkersC(ProcessHandle.current().pid(), GlobalVectors.c());
    }

    @Test
    @Points(2)
    @Timeout(60)
    @Hint("Go through your map on the pool, one task per i, and return what the tasks returned and this process's "
            + "c() read afterwards: the test looks into the workers too, so arrays made up here fail.")
    void a_static_field_changed_in_the_workers_stays_unchanged_in_the_parent(@TempDir Path meetingPlace) throws Exception {
        // Fresh workers, whose c is all zeros until addOnPool's tasks write into it.
        try (Pool fresh = new Pool(2)) {
            GlobalVectors.Outcome outcome = GlobalVectors.addOnPool(fresh);
            assertThat(outcome.writtenInWorkers()).as("what the workers wrote into their own c")
                    .hasSize(GlobalVectors.N).containsOnly(3);
            assertThat(outcome.parentsC()).as("the parent's c after the pool ran: the workers' writes stay in the workers")
                    .hasSize(GlobalVectors.N).containsOnly(0);
            assertThat(GlobalVectors.c()).as("this process's c, read by the test").containsOnly(0);
            // The test's own tasks, through pool.submit (not your starmap): one in each worker.
            var first = fresh.submit(ProcessPoolTest::cOfThisWorker, meetingPlace.toString(), 0);
            var second = fresh.submit(ProcessPoolTest::cOfThisWorker, meetingPlace.toString(), 1);
            int[] written = new int[GlobalVectors.N];
            for (WorkersC worker : List.of(first.get(), second.get())) {
                assertThat(worker.pid()).as("a worker's pid").isNotEqualTo(ProcessHandle.current().pid());
                for (int i = 0; i < GlobalVectors.N; i++) {
                    written[i] = Math.max(written[i], worker.c()[i]);
                }
            }
            assertThat(written).as("c[i] in the workers after addOnPool, each element from the worker that has it (0: no worker "
                    + "ran addVectorsElement(i), so the results did not come from the workers)").containsOnly(3);
        }
    }

    static final int MEETING_SECONDS = 10;

    /**
     * Task {@code me} (0 or 1) leaves a mark in {@code dir} and waits, at most {@link #MEETING_SECONDS}, for the other
     * task's mark: true if the other arrived. Marks are files, so that tasks in different processes can see them.
     */
    static boolean meetTheOther(String dir, Integer me) {
        try {
            Files.createFile(Path.of(dir, "arrived-" + me));
            Path other = Path.of(dir, "arrived-" + (1 - me));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MEETING_SECONDS);
            while (!Files.exists(other)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @Tag("timing")
    @Points(4)
    @Timeout(180)
    @RequiresCores(2)
    @Hint("Submit all chunks before waiting for any: two CPU-bound tasks on a 2-worker pool should run at the same time.")
    void a_cpu_bound_starmap_on_two_workers_beats_the_serial_loop(TestReporter reporter, @TempDir Path meetingPlace)
            throws Exception {
        // Timings alone cannot tell a busy machine from a starmap that runs its tasks one after another: first make
        // sure two tasks run at the same time. Each waits in its worker for the other to arrive; run one after the
        // other, the first waits in vain.
        List<Boolean> met = ProcessPool.starmap(processes.pool(), ProcessPoolTest::meetTheOther,
                List.of(Args.of(meetingPlace.toString(), 0), Args.of(meetingPlace.toString(), 1)));
        assertThat(met).as("two starmap tasks, each waiting up to %d s in its worker for the other to start (false: it "
                + "waited in vain, so the tasks did not run at the same time)", MEETING_SECONDS).containsExactly(true, true);
        long n = 400_000_000L;
        List<Args<Long, Long>> halves = List.of(Args.of(0L, n / 2), Args.of(n / 2, n));
        long expected = CpuWork.checksum(0, n);
        SpeedupCheck.of("serial", () -> CpuWork.checksum(0, n),
                        "starmap on 2 workers", () -> {
                            long sum = ProcessPool.starmap(processes.pool(), CpuWork::checksum, halves).stream().mapToLong(Long::longValue).sum();
                            assertThat(sum).as("the chunks' checksums add up to the serial one").isEqualTo(expected);
                            return sum;
                        })
                .reportTo(reporter)
                .atLeast(Speedup.CPU_BOUND);
    }
}
