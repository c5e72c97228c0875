package kit.grader.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class RecordingThreadFactoryTest {

    @Test
    void records_the_threads_made_and_those_that_ran_their_work() throws Exception {
        RecordingThreadFactory factory = new RecordingThreadFactory();
        Set<Thread> workedOn = ConcurrentHashMap.newKeySet();
        Thread first = factory.newThread(() -> workedOn.add(Thread.currentThread()));
        Thread second = factory.newThread(() -> workedOn.add(Thread.currentThread()));
        Thread neverStarted = factory.newThread(() -> workedOn.add(Thread.currentThread()));
        assertThat(factory.created()).containsExactly(first, second, neverStarted);
        assertThat(factory.created()).extracting(Thread::getName).containsExactly("recorded-0", "recorded-1", "recorded-2");
        assertThat(factory.started()).as("nothing started yet").isZero();
        first.start();
        second.start();
        first.join();
        second.join();
        assertThat(factory.ran()).containsExactlyInAnyOrder(first, second);
        assertThat(factory.started()).isEqualTo(2);
        assertThat(workedOn).containsExactlyInAnyOrder(first, second);
        assertThat(factory.made(first)).isTrue();
        assertThat(factory.made(Thread.currentThread())).isFalse();
        assertThat(factory.toString()).contains("created 3", "started 2");
    }

    @Test
    void work_run_with_run_on_the_callers_thread_does_not_count_as_started() {
        RecordingThreadFactory factory = new RecordingThreadFactory();
        List<Thread> workedOn = new ArrayList<>();
        Thread thread = factory.newThread(() -> workedOn.add(Thread.currentThread()));
        thread.run(); // the mistake a test must catch: the work runs here, and no thread starts
        assertThat(workedOn).as("the work still runs").containsExactly(Thread.currentThread());
        assertThat(factory.started()).isZero();
        assertThat(factory.ran()).isEmpty();
        assertThat(factory.mostAtOnce()).isZero();
    }

    @Test
    void counts_the_most_threads_that_ran_at_once() throws Exception {
        RecordingThreadFactory together = new RecordingThreadFactory();
        Rendezvous allHere = new Rendezvous(3);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(together.newThread(allHere::arrive));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(allHere.met()).isEqualTo(3);
        assertThat(together.mostAtOnce()).as("three threads that met at a barrier").isEqualTo(3);

        RecordingThreadFactory oneAfterAnother = new RecordingThreadFactory();
        for (int i = 0; i < 3; i++) {
            Thread thread = oneAfterAnother.newThread(() -> { });
            thread.start();
            thread.join();
        }
        assertThat(oneAfterAnother.started()).isEqualTo(3);
        assertThat(oneAfterAnother.mostAtOnce()).as("three threads, each joined before the next started").isEqualTo(1);
    }

    @Test
    void threads_can_be_made_from_many_threads_at_once() throws Exception {
        RecordingThreadFactory factory = new RecordingThreadFactory();
        List<Thread> makers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            makers.add(new Thread(() -> {
                for (int j = 0; j < 250; j++) {
                    factory.newThread(() -> { });
                }
            }));
        }
        makers.forEach(Thread::start);
        for (Thread maker : makers) {
            maker.join();
        }
        assertThat(factory.created()).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(factory.created()).extracting(Thread::getName).doesNotHaveDuplicates();
    }
}
