package kit.grader.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class RendezvousTest {

    @Test
    void parties_that_run_at_the_same_time_meet() throws Exception {
        Rendezvous allHere = new Rendezvous(4);
        AtomicInteger met = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(new Thread(() -> met.addAndGet(allHere.arrive())));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(met).hasValue(4);
        assertThat(allHere.met()).isEqualTo(4);
        assertThat(allHere.inVain()).isZero();
        assertThat(allHere.parties()).isEqualTo(4);
        assertThat(allHere).hasToString("4 of 4 parties arrived; 4 met, 0 waited in vain (5 s each at most)");
    }

    @Test
    void parties_that_run_one_after_another_wait_in_vain_and_only_the_first_waits_the_whole_timeout() {
        Rendezvous allHere = new Rendezvous(3, Duration.ofMillis(200));
        long start = System.nanoTime();
        int met = 0;
        for (int i = 0; i < 3; i++) {
            met += allHere.arrive(); // serial: no one else is there
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(met).isZero();
        assertThat(allHere.met()).isZero();
        assertThat(allHere.inVain()).isEqualTo(3);
        assertThat(elapsedMillis).as("the first waits 200 ms; the meeting is broken then, the others return at once")
                .isBetween(150L, 5_000L);
        assertThat(allHere).hasToString("3 of 3 parties arrived; 0 met, 3 waited in vain (200 ms each at most)");
    }

    @Test
    void an_interrupted_party_gets_false_and_keeps_its_interrupt_flag() {
        Rendezvous allHere = new Rendezvous(2);
        Thread.currentThread().interrupt();
        boolean met;
        boolean stillInterrupted;
        try {
            met = allHere.await();
        } finally {
            stillInterrupted = Thread.interrupted();
        }
        assertThat(met).isFalse();
        assertThat(stillInterrupted).isTrue();
        assertThat(allHere.inVain()).isEqualTo(1);
    }

    @Test
    void one_party_meets_itself_and_bad_settings_are_refused() {
        assertThat(new Rendezvous(1).arrive()).isEqualTo(1);
        assertThatThrownBy(() -> new Rendezvous(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rendezvous(2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rendezvous(2, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
