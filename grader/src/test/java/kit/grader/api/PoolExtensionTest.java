package kit.grader.api;

import kit.multiprocessing.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

@Timeout(120)
class PoolExtensionTest {

    /** What the sample class below saw: the pools its tests got and the workers' pids. */
    static final List<Pool> POOLS = new CopyOnWriteArrayList<>();
    static final List<Long> PIDS = new CopyOnWriteArrayList<>();

    /** A test class as a graded test writes it; run by the launcher below, not found by Surefire (nested, static). */
    static class SampleUsingAPool {
        @RegisterExtension
        static final PoolExtension workers = PoolExtension.withWorkers(2);

        @Test
        void first() throws Exception {
            POOLS.add(workers.pool());
            PIDS.addAll(workers.pool().workerPids());
            assertThat(workers.pool().submit(() -> ProcessHandle.current().pid()).get())
                    .isNotEqualTo(ProcessHandle.current().pid());
        }

        @Test
        void second() {
            POOLS.add(workers.pool());
        }
    }

    @Test
    void one_pool_of_the_wanted_size_for_the_whole_class_closed_afterwards_with_no_worker_left() {
        POOLS.clear();
        PIDS.clear();
        TestExecutionSummary summary = run(SampleUsingAPool.class);
        assertThat(summary.getTestsSucceededCount()).as("tests of the sample that passed: %s", failures(summary)).isEqualTo(2);
        assertThat(POOLS).hasSize(2);
        assertThat(POOLS.get(0)).as("both tests share one pool").isSameAs(POOLS.get(1));
        assertThat(POOLS.get(0).size()).isEqualTo(2);
        assertThat(PIDS).hasSize(2).doesNotContain(ProcessHandle.current().pid());
        for (long pid : PIDS) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("worker %d after the class's last test", pid).isFalse();
        }
        assertThatThrownBy(() -> POOLS.get(0).submit(() -> 1)).as("the pool is closed").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(SampleUsingAPool.workers::pool).as("no pool outside the class's tests")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("static field");
    }

    @Test
    void close_finds_no_worker_left_after_the_pools_close() throws Exception {
        Pool pool = new Pool(1);
        long pid = pool.workerPids().get(0);
        PoolExtension.close(pool);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void a_pool_needs_a_worker() {
        assertThatThrownBy(() -> PoolExtension.withWorkers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PoolExtension.withWorkers(3).workers()).isEqualTo(3);
        assertThat(PoolExtension.withWorkers(3)).hasToString("PoolExtension[3 workers, not running]");
    }

    private static TestExecutionSummary run(Class<?> type) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(type)).build(), listener);
        return listener.getSummary();
    }

    private static List<String> failures(TestExecutionSummary summary) {
        List<String> failures = new ArrayList<>();
        summary.getFailures().forEach(f -> failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
        return failures;
    }
}
