package kit.grader.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpeedupTest {

    @Test
    void the_demand_grows_with_the_cores_and_stops_at_the_cap() {
        Speedup cpu = Speedup.CPU_BOUND;
        assertThat(cpu.requiredOn(1)).isEqualTo(1.0);
        assertThat(cpu.requiredOn(2)).isCloseTo(1.3, within(1e-9));
        assertThat(cpu.requiredOn(3)).isCloseTo(1.6, within(1e-9));
        assertThat(cpu.requiredOn(4)).isCloseTo(1.9, within(1e-9));
        assertThat(cpu.requiredOn(64)).isCloseTo(1.9, within(1e-9));
    }

    @Test
    void work_on_two_threads_is_never_asked_for_more_than_two_cores_give() {
        Speedup twoThreads = Speedup.CPU_BOUND.upTo(2);
        assertThat(twoThreads.requiredOn(2)).isCloseTo(1.3, within(1e-9));
        assertThat(twoThreads.requiredOn(16)).isCloseTo(1.3, within(1e-9));
        assertThat(new Speedup(0.5, 8).requiredOn(8)).isCloseTo(4.5, within(1e-9));
    }

    @Test
    void nonsense_demands_are_refused() {
        assertThatThrownBy(() -> new Speedup(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Speedup(1.5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Speedup(0.3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Speedup.CPU_BOUND.requiredOn(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cores_come_from_the_property_when_it_is_set() {
        assertThat(Cores.parse(null, 8)).isEqualTo(8);
        assertThat(Cores.parse("  ", 8)).isEqualTo(8);
        assertThat(Cores.parse("1", 8)).isEqualTo(1);
        assertThat(Cores.parse(" 3 ", 8)).isEqualTo(3);
        assertThatThrownBy(() -> Cores.parse("0", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cores.parse("two", 8)).isInstanceOf(IllegalArgumentException.class);

        String before = System.getProperty(Cores.PROPERTY);
        try {
            System.setProperty(Cores.PROPERTY, "5");
            assertThat(Cores.available()).isEqualTo(5);
            assertThat(Cores.source()).isEqualTo("-Dkit.cores=5");
            System.clearProperty(Cores.PROPERTY);
            assertThat(Cores.available()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(Cores.source()).isEqualTo("Runtime.availableProcessors()");
        } finally {
            restore(before);
        }
    }

    static void restore(String before) {
        if (before == null) {
            System.clearProperty(Cores.PROPERTY);
        } else {
            System.setProperty(Cores.PROPERTY, before);
        }
    }
}
