package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pool.keepSpareWorkers: the next pool takes fresh workers booted in the background, and none outlives its use. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpareWorkersTest {

    /** Set by a task in the worker that runs it: a worker's static state is its own. */
    static int touched;

    @AfterEach
    void noSpares() {
        Pool.keepSpareWorkers(0);
    }

    static List<Long> readySpares(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> SpareWorkers.all().size() == count
                && SpareWorkers.all().stream().allMatch(s -> s.ready.isDone() && !s.ready.isCompletedExceptionally()));
        return SpareWorkers.all().stream().map(s -> s.pid).toList();
    }

    @Test
    void theNextPoolTakesTheSparesAndTheirStaticStateIsFresh() throws Exception {
        Pool.keepSpareWorkers(2);
        List<Long> first;
        try (Pool pool = new Pool(2)) {
            first = pool.workerPids();
            assertThat(pool.submit(() -> ++touched).get()).isEqualTo(1);
        }
        List<Long> spares = readySpares(2);
        assertThat(spares).as("spares are new processes, not the closed pool's workers").doesNotContainAnyElementsOf(first);

        try (Pool pool = new Pool(2)) {
            assertThat(pool.workerPids()).as("the pool's workers are the spares").containsExactlyInAnyOrderElementsOf(spares);
            assertThat(SpareWorkers.all()).as("taken, not shared").isEmpty();
            assertThat(pool.map(x -> touched, List.of(1, 2), 1)).as("a spare never ran a task: its static field is 0, "
                    + "though the closed pool's worker set its own to 1").containsExactly(0, 0);
        }
        assertThat(spares).as("a taken spare ends with its pool").noneMatch(Processes::isRunning);
    }

    @Test
    void aPoolWithOtherOptionsStartsItsOwnWorkers() throws Exception {
        Pool.keepSpareWorkers(1);
        new Pool(1).close();
        List<Long> spares = readySpares(1);
        try (Pool other = Pool.builder().workers(1).jvmOptions("-Dkit.test.other=yes").build()) {
            assertThat(other.workerPids()).doesNotContainAnyElementsOf(spares);
            assertThat(other.submit(() -> System.getProperty("kit.test.other")).get()).isEqualTo("yes");
        }
        assertThat(spares).as("the spare of the other configuration still waits").allMatch(Processes::isRunning);
    }

    @Test
    void fewerSparesStopTheRestAndNoneAreStartedByDefault() throws Exception {
        new Pool(1).close();
        Thread.sleep(500);
        assertThat(SpareWorkers.all()).as("0 spares by default").isEmpty();

        Pool.keepSpareWorkers(2);
        new Pool(1).close();
        List<Long> spares = readySpares(2);
        Pool.keepSpareWorkers(0);
        assertThat(SpareWorkers.all()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> spares.stream().noneMatch(Processes::isRunning));
        assertThatThrownBy(() -> Pool.keepSpareWorkers(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be 0 or more, was -1");
    }

    @Test
    void aDeadWorkersReplacementIsASpare() throws Exception {
        Pool.keepSpareWorkers(2);
        new Pool(1).close();
        List<Long> spares = readySpares(2);
        try (Pool pool = new Pool(1)) {                 // takes one spare and leaves the other
            long worker = pool.workerPids().get(0);
            assertThat(spares).contains(worker);
            long other = spares.get(0) == worker ? spares.get(1) : spares.get(0);
            ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().equals(List.of(other)));
            assertThat(pool.submit(() -> 7).get()).isEqualTo(7);
        }
    }
}
