package kit.grader.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimingTest {

    @Test
    void median_of_an_odd_count_is_the_middle_value_whatever_the_order() {
        assertThat(Timing.median(new long[] {7})).isEqualTo(7);
        assertThat(Timing.median(new long[] {9, 1, 5})).isEqualTo(5);
        assertThat(Timing.median(new long[] {100, 3, 8, 1_000_000, 4})).isEqualTo(8);
    }

    @Test
    void median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        assertThat(Timing.median(new long[] {4, 1, 3, 2})).isEqualTo(2); // (2 + 3) / 2, rounded down
        assertThat(Timing.median(new long[] {10, 20})).isEqualTo(15);
        assertThat(Timing.median(new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 2})).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void median_does_not_reorder_the_callers_samples_and_refuses_none() {
        long[] samples = {3, 1, 2};
        Timing.median(samples);
        assertThat(samples).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> Timing.median(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratio_is_baseline_over_candidate() {
        assertThat(Timing.ratio(200, 100)).isEqualTo(2.0);
        assertThat(Timing.ratio(100, 200)).isEqualTo(0.5);
        assertThat(Timing.ratio(130, 100)).isCloseTo(1.3, within(1e-12));
        assertThat(Timing.ratio(5, 0)).isInfinite();
        assertThat(Timing.ratio(0, 0)).isEqualTo(1.0);
        assertThatThrownBy(() -> Timing.ratio(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations_and_ratios_read_well_in_a_report() {
        assertThat(Timing.duration(42)).isEqualTo("42 ns");
        assertThat(Timing.duration(850_000)).isEqualTo("850 us");
        assertThat(Timing.duration(12_340_000)).isEqualTo("12.3 ms");
        assertThat(Timing.duration(12_000_000_000L)).isEqualTo("12.0 s");
        assertThat(Timing.times(1.8666)).isEqualTo("1.87x");
    }
}
