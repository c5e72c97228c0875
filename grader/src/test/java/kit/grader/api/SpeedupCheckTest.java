package kit.grader.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The harness on a fake clock: every "run" advances the clock by a scripted duration, so nothing here is timed. */
class SpeedupCheckTest {

    private final FakeClock clock = new FakeClock();
    private final List<String> order = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final TestReporter reporter = figures::putAll;

    @Test
    void warms_up_both_then_alternates_baseline_and_candidate() {
        SpeedupCheck.of("serial", work("serial", call -> 100), "parallel", work("parallel", call -> 50))
                .clock(clock).warmUps(2).runs(3).cores(2)
                .atLeast(Speedup.CPU_BOUND);
        assertThat(order).containsExactly(
                "serial", "parallel", "serial", "parallel", // warm-ups
                "serial", "parallel", "serial", "parallel", "serial", "parallel"); // timed, alternating
    }

    @Test
    void compares_the_medians_so_one_disturbed_run_does_not_decide() {
        // serial: 100, 100, 100, 100, 100; parallel: 50 but one run hit by a 10 000 ns pause (a GC, a neighbour).
        long[] parallel = {50, 10_000, 50, 50, 50};
        SpeedupResult result = SpeedupCheck.of("serial", work("serial", call -> 100),
                        "parallel", work("parallel", call -> call < 1 ? 7 : parallel[call - 1]))
                .clock(clock).warmUps(1).runs(5).cores(2).atLeast(Speedup.CPU_BOUND);
        Measurement measured = result.closest();
        assertThat(measured.baselineNanos()).containsExactly(100, 100, 100, 100, 100);
        assertThat(measured.candidateNanos()).containsExactly(parallel);
        assertThat(measured.baselineMedian()).isEqualTo(100);
        assertThat(measured.candidateMedian()).isEqualTo(50);
        assertThat(result.ratio()).isEqualTo(2.0);
        assertThat(result.passed()).isTrue();
        assertThat(result.attempts()).hasSize(1);
    }

    @Test
    void a_failed_comparison_is_retried_and_passes_when_a_later_attempt_shows_the_speedup() {
        // first attempt (runs 0-2): no speedup; second attempt (runs 3-5): 2x.
        SpeedupResult result = SpeedupCheck.of("serial", work("serial", call -> 100),
                        "parallel", work("parallel", call -> call < 3 ? 100 : 50))
                .clock(clock).warmUps(0).runs(3).attempts(3).cores(2).reportTo(reporter).withoutReference()
                .atLeast(Speedup.CPU_BOUND);
        assertThat(result.passed()).isTrue();
        assertThat(result.attempts()).extracting(Measurement::ratio).containsExactly(1.0, 2.0);
        assertThat(order).hasSize(2 * 3 * 2);
        assertThat(figures).containsEntry("attempts", "2 (1.00x, 2.00x; 3 alternating runs each; at most 3 may fail)");
    }

    @Test
    void retries_are_bounded_and_a_serial_candidate_fails_with_its_figures() {
        SpeedupCheck check = SpeedupCheck.of("serial", work("serial", call -> 100_000_000),
                        "parallel", work("parallel", call -> 102_000_000))
                .clock(clock).warmUps(2).runs(5).attempts(3).cores(2).reportTo(reporter).withoutReference();
        assertThatThrownBy(() -> check.atLeast(Speedup.CPU_BOUND))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("parallel was only 0.98x as fast as serial")
                .hasMessageContaining("parallel 102.0 ms, serial 100.0 ms")
                .hasMessageContaining("at least 1.30x");
        // 2 warm-ups once, then 3 attempts of 5 runs, of each variant: and not one run more.
        assertThat(order).hasSize(2 * 2 + 3 * 5 * 2);
        assertThat(figures).containsEntry("serial median", "100.0 ms").containsEntry("parallel median", "102.0 ms")
                .containsEntry("speedup", "0.98x").containsEntry("required", ">= 1.30x on 2 cores")
                .containsEntry("attempts", "3 (0.98x, 0.98x, 0.98x; 5 alternating runs each; at most 3 may fail)");
    }

    @Test
    void the_required_speedup_scales_with_the_cores() {
        // 1.8x passes on 2 cores (1.3x required) and on 3 (1.6x), fails on 4 (1.9x).
        for (int cores : new int[] {2, 3}) {
            assertThat(check(180, 100).cores(cores).atLeast(Speedup.CPU_BOUND).passed()).as("on %d cores", cores).isTrue();
        }
        assertThatThrownBy(() -> check(180, 100).cores(4).withoutReference().atLeast(Speedup.CPU_BOUND)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("at least 1.90x");
        // Capped to the two threads the work uses: 1.3x on any machine.
        assertThat(check(135, 100).cores(16).atLeast(Speedup.CPU_BOUND.upTo(2)).limit()).isCloseTo(1.3, within(1e-9));
    }

    @Test
    void a_failed_attempt_counts_only_when_the_machine_itself_can_show_a_speedup() {
        // The machine's reference work: 1.0x (busy), 1.0x (busy), then 2.0x (calm). The candidate never speeds up.
        long[] referenceMany = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50, 50, 50, 50, 50, 50};
        int[] manyCalls = {0};
        List<Long> pauses = new ArrayList<>();
        SpeedupCheck check = SpeedupCheck.of("serial", work("serial", call -> 100), "parallel", work("parallel", call -> 100))
                .clock(clock).warmUps(0).runs(3).attempts(1).cores(2).reportTo(reporter)
                .reference(() -> clock.now += 100, () -> clock.now += referenceMany[manyCalls[0]++])
                .busyBudget(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(1))
                .pause(nanos -> {
                    pauses.add(nanos);
                    clock.now += nanos;
                });
        assertThatThrownBy(() -> check.atLeast(Speedup.CPU_BOUND)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("really run its work on several threads");
        assertThat(pauses).as("paused after each of the two busy attempts").containsExactly(1_000_000_000L, 1_000_000_000L);
        assertThat(order).as("three attempts of 3 runs of each; only the third counted as failed").hasSize(3 * 3 * 2);
        assertThat(figures).containsEntry("machine", "the kit's reference work reached 1.00x, 1.00x, 2.00x after the failed attempts")
                .containsEntry("attempts", "3 (1.00x, 1.00x, 1.00x; 3 alternating runs each; at most 1 may fail, 2 did not count: the machine was busy)");
    }

    @Test
    void a_machine_that_stays_too_busy_is_waited_for_within_the_budget_and_then_named_as_the_cause() {
        List<Long> pauses = new ArrayList<>();
        SpeedupCheck check = SpeedupCheck.of("serial", work("serial", call -> 1_000_000), "parallel", work("parallel", call -> 1_000_000))
                .clock(clock).warmUps(0).runs(3).attempts(3).cores(2)
                .reference(() -> clock.now += 100, () -> clock.now += 100)
                .busyBudget(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(2))
                .pause(nanos -> {
                    pauses.add(nanos);
                    clock.now += nanos;
                });
        assertThatThrownBy(() -> check.atLeast(Speedup.CPU_BOUND)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("too busy to show any speedup for 10 s")
                .hasMessageContaining("reference work reached only 1.00x");
        // Each busy attempt costs 2 s of pause plus 6 ms of runs: four pauses fit into 10 s, a fifth would not.
        assertThat(pauses).hasSize(4);
    }

    @Test
    void a_failed_no_speedup_attempt_counts_only_on_a_quiet_machine() {
        // Two threads behind one lock can look faster on a busy machine: the reference shows 1.20x (busy), then 1.90x.
        long[] referenceMany = {100, 100, 100, 100, 100, 100, 83, 83, 83, 83, 83, 83, 53, 53, 53, 53, 53, 53};
        int[] manyCalls = {0};
        List<Long> pauses = new ArrayList<>();
        SpeedupCheck check = SpeedupCheck.of("1 thread", work("1 thread", call -> 140), "2 threads", work("2 threads", call -> 100))
                .clock(clock).warmUps(0).runs(3).attempts(1).cores(2).reportTo(reporter)
                .reference(() -> clock.now += 100, () -> clock.now += referenceMany[manyCalls[0]++])
                .busyBudget(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(1))
                .pause(nanos -> {
                    pauses.add(nanos);
                    clock.now += nanos;
                });
        assertThatThrownBy(() -> check.atMost(1.25)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 threads was 1.40x as fast as 1 thread").hasMessageNotContaining("too busy");
        assertThat(pauses).as("paused after the attempts at 1.00x and 1.20x, not after the one at 1.89x").hasSize(2);
        assertThat(figures.get("attempts")).contains("2 did not count: the machine was busy");

        SpeedupCheck busy = SpeedupCheck.of("1 thread", work("1 thread", call -> 140), "2 threads", work("2 threads", call -> 100))
                .clock(clock).warmUps(0).runs(3).cores(2)
                .reference(() -> clock.now += 100, () -> clock.now += 80)
                .busyBudget(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1))
                .pause(nanos -> clock.now += nanos);
        assertThatThrownBy(() -> busy.atMost(1.25)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("too busy to tell for 5 s").hasMessageContaining("two chances to be scheduled");
    }

    @Test
    void the_reference_is_not_measured_when_the_candidate_passes() {
        int[] referenceRuns = {0};
        SpeedupResult result = check(200, 100)
                .reference(() -> referenceRuns[0]++, () -> referenceRuns[0]++)
                .atLeast(Speedup.CPU_BOUND);
        assertThat(result.passed()).isTrue();
        assertThat(result.references()).isEmpty();
        assertThat(referenceRuns[0]).isZero();
    }

    @Test
    void the_kits_reference_work_gives_the_same_result_on_one_thread_or_many() throws Exception {
        assertThat(Reference.oneThread(1_000).run()).isEqualTo(Reference.spin(1_000, 1));
        assertThat(Reference.threads(2, 1_000).run()).isEqualTo(Reference.spin(500, 1) + Reference.spin(500, 2));
    }

    @Test
    void the_cores_default_to_the_kit_cores_property() {
        String before = System.getProperty(Cores.PROPERTY);
        try {
            System.setProperty(Cores.PROPERTY, "3");
            SpeedupResult result = SpeedupCheck.of("serial", work("serial", call -> 200), "parallel", work("parallel", call -> 100))
                    .clock(clock).reportTo(reporter).atLeast(Speedup.CPU_BOUND);
            assertThat(result.cores()).isEqualTo(3);
            assertThat(result.limit()).isCloseTo(1.6, within(1e-9));
            assertThat(figures).containsEntry("required", ">= 1.60x on 3 cores");
        } finally {
            SpeedupTest.restore(before);
        }
    }

    @Test
    void on_one_core_a_speedup_is_refused_as_a_mistake_of_the_test_not_failed_as_the_students() {
        assertThatThrownBy(() -> check(200, 100).cores(1).atLeast(Speedup.CPU_BOUND))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("@RequiresCores(2)");
        assertThat(order).as("no workload ran").isEmpty();
    }

    @Test
    void at_most_passes_when_there_is_no_speedup_and_fails_when_there_is_one() {
        SpeedupResult none = check(100, 105).reportTo(reporter).atMost(1.25);
        assertThat(none.passed()).isTrue();
        assertThat(figures).containsEntry("required", "< 1.25x on 2 cores").containsEntry("speedup", "0.95x");

        order.clear();
        assertThatThrownBy(() -> check(190, 100).attempts(2).withoutReference().atMost(1.25)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("parallel was 1.90x as fast as serial").hasMessageContaining("must not reach 1.25x");
        assertThat(order).as("one warm-up, then 2 attempts of 3 runs, of each").hasSize(2 + 2 * 3 * 2);
    }

    @Test
    void a_fixed_ratio_is_the_same_on_any_number_of_cores_and_needs_no_second_core() {
        // Overhead, not parallelism: 200 thread starts against a loop. 12x passes a fixed 10x on 1 core as on 16.
        for (int cores : new int[] {1, 2, 16}) {
            figures.clear();
            SpeedupResult result = check(1_200, 100).cores(cores).reportTo(reporter).atLeastRatio(10);
            assertThat(result.passed()).as("on %d cores", cores).isTrue();
            assertThat(result.limit()).as("on %d cores", cores).isEqualTo(10.0);
            assertThat(figures).as("on %d cores", cores).containsEntry("speedup", "12.00x")
                    .containsEntry("required", ">= 10.00x on any number of cores");
        }
    }

    @Test
    void a_fixed_ratio_is_retried_a_bounded_number_of_times_without_asking_the_machine_and_fails_with_its_figures() {
        int[] referenceRuns = {0};
        SpeedupCheck check = check(500_000, 100_000).attempts(3).reportTo(reporter)
                .reference(() -> referenceRuns[0]++, () -> referenceRuns[0]++);
        assertThatThrownBy(() -> check.atLeastRatio(10)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("parallel was only 5.00x as fast as serial")
                .hasMessageContaining("parallel 100 us, serial 500 us")
                .hasMessageContaining("at least 10.00x as fast, on any number of cores")
                .hasMessageNotContaining("several threads");
        assertThat(referenceRuns[0]).as("reference runs: a parallel speedup says nothing about overhead").isZero();
        assertThat(order).as("one warm-up, then 3 attempts of 3 runs, of each").hasSize(2 + 3 * 3 * 2);
        assertThat(figures).containsEntry("attempts", "3 (5.00x, 5.00x, 5.00x; 3 alternating runs each; at most 3 may fail)");

        // A later attempt that shows the gap passes: runs 0 (warm-up) to 3 at 5x, from run 4 on at 20x.
        order.clear();
        SpeedupResult result = SpeedupCheck.of("serial", work("serial", call -> 1_000),
                        "parallel", work("parallel", call -> call < 4 ? 200 : 50))
                .clock(clock).warmUps(1).runs(3).attempts(3).atLeastRatio(10);
        assertThat(result.attempts()).extracting(Measurement::ratio).containsExactly(5.0, 20.0);
        assertThat(result.ratio()).isEqualTo(20.0);
        assertThatThrownBy(() -> check(1, 1).atLeastRatio(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check(1, 1).atLeastRatio(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_result_is_kept_and_every_figure_published_even_without_a_verdict() {
        List<Integer> results = Collections.synchronizedList(new ArrayList<>());
        Measurement measured = SpeedupCheck.of(
                        "serial", () -> {
                            clock.now += 300;
                            results.add(1);
                            return 1;
                        },
                        "parallel", () -> {
                            clock.now += 100;
                            results.add(2);
                            return 2;
                        })
                .clock(clock).warmUps(1).runs(3).reportTo(reporter).label("map").measure();
        assertThat(measured.ratio()).isEqualTo(3.0);
        assertThat(results).hasSize(8);
        assertThat(figures).containsExactly(Map.entry("map serial median", "300 ns"), Map.entry("map parallel median", "100 ns"),
                Map.entry("map speedup", "3.00x"));
    }

    @Test
    void a_workload_that_throws_stops_the_check_with_its_exception() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> SpeedupCheck.of("serial", () -> 1, "parallel", () -> {
            throw boom;
        }).clock(clock).cores(2).atLeast(Speedup.CPU_BOUND)).isSameAs(boom);
        assertThatThrownBy(() -> SpeedupCheck.of("serial", () -> 1, "parallel", () -> {
            throw new java.io.IOException("checked");
        }).clock(clock).cores(2).atLeast(Speedup.CPU_BOUND)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parallel variant threw");
    }

    @Test
    void bad_settings_are_refused() {
        assertThatThrownBy(() -> SpeedupCheck.of("same", () -> 1, "same", () -> 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check(1, 1).runs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check(1, 1).attempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check(1, 1).warmUps(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check(1, 1).atMost(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void on_the_real_clock_a_workload_that_does_something_takes_time() {
        // The one test on System.nanoTime(): no figure is compared, only that the clock and the results are wired up.
        Measurement measured = SpeedupCheck.of("a", SpeedupCheckTest::spin, "b", SpeedupCheckTest::spin)
                .warmUps(1).runs(3).measure();
        assertThat(measured.baselineMedian()).isPositive();
        assertThat(measured.candidateMedian()).isPositive();
    }

    // ---------------------------------------------------------------------------------------------------------

    private SpeedupCheck check(long baselineNanos, long candidateNanos) {
        return SpeedupCheck.of("serial", work("serial", call -> baselineNanos), "parallel", work("parallel", call -> candidateNanos))
                .clock(clock).warmUps(1).runs(3).cores(2);
    }

    /** A workload that logs its name and advances the fake clock by {@code nanos.applyAsLong(its call number)}. */
    private Workload work(String name, IntToLongFunction nanos) {
        int[] calls = {0};
        return () -> {
            order.add(name);
            clock.now += nanos.applyAsLong(calls[0]++);
            return calls[0];
        };
    }

    private static long spin() {
        long x = 1;
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    static final class FakeClock implements java.util.function.LongSupplier {
        long now = 1_000;

        @Override
        public long getAsLong() {
            return now;
        }
    }
}
