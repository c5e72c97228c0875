package lessons.globallock;

import kit.grader.api.CountingLock;
import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.RecordingThreadFactory;
import kit.grader.api.Rendezvous;
import kit.grader.api.RequiresCores;
import kit.grader.api.Speedup;
import kit.grader.api.SpeedupCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Lesson(id = "04", title = "A global lock")
class GlobalLockTest {

    /** Half the tutorial's large_number: about a tenth of a second on one thread of a laptop. */
    static final long N = Countdown.LARGE_NUMBER / 2;
    private final Random random = new Random();

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("The values are from, from - 1, ..., downTo + 1: the loop runs while n > downTo, so downTo itself is not "
            + "counted. requireRange(from, downTo) (given) rejects a bad range.")
    void countdown_adds_up_mix_of_every_value_it_counts_through() {
        assertThat(Countdown.mix(12345)).as("mix is given: leave it as it is").isEqualTo(reference(12345));
        assertThat(Countdown.countdown(0)).as("countdown(0)").isZero();
        assertThat(Countdown.countdown(1)).as("countdown(1) = mix(1)").isEqualTo(reference(1));
        assertThat(Countdown.countdown(3, 0)).as("countdown(3, 0) = mix(3) + mix(2) + mix(1)")
                .isEqualTo(reference(3) + reference(2) + reference(1));
        assertThat(Countdown.countdown(7, 7)).as("countdown(7, 7) counts nothing").isZero();
        for (int trial = 0; trial < 20; trial++) {
            long downTo = random.nextInt(1_000_000);
            long from = downTo + random.nextInt(1_000_000);
            assertThat(Countdown.countdown(from, downTo)).as("countdown(%d, %d)", from, downTo).isEqualTo(reference(from, downTo));
        }
        assertThat(Countdown.countdown(N)).as("countdown(%d): every step must be counted", N).isEqualTo(reference(N, 0));
        assertThatThrownBy(() -> Countdown.countdown(3, 5)).as("from below downTo").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Countdown.countdown(3, -1)).as("a negative downTo").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Countdown.countdown(-1)).as("a negative n").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Chunks of n / threads values each leave the n % threads values at the end uncounted: give the first n % "
            + "threads chunks one value more (lesson 02's chunks do that too). A counter that threw, or an interrupt "
            + "while you join, is an IllegalStateException: keep the counter's exception as its cause, and restore "
            + "the interrupt flag.")
    void onThreads_splits_the_countdown_into_chunks_on_threads_of_their_own() {
        long[][] cases = {{1, 10}, {2, 10}, {3, 10}, {4, 1_000}, {7, 97}, {5, 5}, {8, 3}, {3, 1}, {3, 0},
                {1 + random.nextInt(16), random.nextInt(100_000)}};
        for (long[] testCase : cases) {
            int threads = (int) testCase[0];
            long n = testCase[1];
            String what = "onThreads(threads=" + threads + ", n=" + n + ")";
            RecordingThreadFactory factory = new RecordingThreadFactory();
            List<Chunk> chunks = new CopyOnWriteArrayList<>();
            long checksum = Countdown.onThreads(threads, n, noting(chunks, Countdown::countdown), factory);
            assertThat(checksum).as(what + ": the checksums of the chunks add up to countdown(n)").isEqualTo(reference(n, 0));
            int expectedThreads = (int) Math.min(threads, n);
            assertThat(factory.created()).as(what + ": threads made by the factory").hasSize(expectedThreads);
            assertThat(factory.started()).as(what + ": threads started").isEqualTo(expectedThreads);
            assertThat(chunks).as(what + ": one chunk per thread").hasSize(expectedThreads);
            assertThat(chunks.stream().map(Chunk::thread).distinct().count())
                    .as(what + ": each chunk counted on a thread of its own").isEqualTo(expectedThreads);
            assertThat(chunks).as(what + ": every chunk counted on a factory thread").allMatch(chunk -> factory.made(chunk.thread()));
            assertChunksCover(what, chunks, n);
        }
        assertThat(Countdown.onThreads(2, N)).as("onThreads(2, %d)", N).isEqualTo(reference(N, 0));
        ArithmeticException boom = new ArithmeticException("boom");
        assertThatThrownBy(() -> Countdown.onThreads(3, 30, (from, downTo) -> {
            if (downTo > 0) {
                throw boom;
            }
            return 1;
        }, Thread::new)).as("onThreads when the counters of two of the three chunks throw: the failure must not be lost "
                + "(an IllegalStateException whose cause is what the counter threw)")
                .isInstanceOf(IllegalStateException.class).hasCause(boom);
        // Interrupted while it waits for the counting threads (held up until then): an IllegalStateException, and the
        // flag stays set.
        CountDownLatch release = new CountDownLatch(1);
        Thread.currentThread().interrupt();
        Throwable interrupted;
        boolean stillInterrupted;
        try {
            interrupted = org.assertj.core.api.Assertions.catchThrowable(() -> Countdown.onThreads(2, 10, (from, downTo) -> {
                try {
                    return release.await(10, TimeUnit.SECONDS) ? 0 : -1;
                } catch (InterruptedException e) {
                    return -1;
                }
            }, Thread::new));
        } finally {
            stillInterrupted = Thread.interrupted(); // and clear it again
            release.countDown();
        }
        assertThat(interrupted).as("onThreads called on an interrupted thread: joining the counters is interrupted")
                .isInstanceOf(IllegalStateException.class);
        assertThat(stillInterrupted).as("the caller's interrupt flag after that: restore it when you catch "
                + "InterruptedException").isTrue();
        assertThatThrownBy(() -> Countdown.onThreads(0, 10)).as("threads = 0").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Countdown.onThreads(2, -1)).as("n = -1").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Start every thread before you join any: the chunks must be counted at the same time.")
    void onThreads_counts_all_chunks_at_the_same_time() {
        int threads = 4;
        Rendezvous allHere = new Rendezvous(threads);
        long met = Countdown.onThreads(threads, 400, (from, downTo) -> allHere.arrive(), Thread::new);
        assertThat(met).as("each of the %d chunk threads waited at a barrier for the others; fewer than %d met "
                + "means some chunks were only counted after others had finished (%s)", threads, threads, allHere).isEqualTo(threads);
    }

    @Test
    @Tag("timing")
    @Points(3)
    @Timeout(180)
    @RequiresCores(2)
    @Hint("Two threads must count at the same time: start both, then join both. A thread started and joined "
            + "before the next starts makes the work serial again.")
    void without_a_lock_two_threads_count_down_faster_than_one(TestReporter reporter) {
        // Timings alone cannot tell a busy machine from serial work: first make sure the two chunks run at the same time.
        Rendezvous bothHere = new Rendezvous(2);
        assertThat(Countdown.onThreads(2, 2, (from, downTo) -> bothHere.arrive(), Thread::new))
                .as("onThreads(2, ...): each chunk's counter waited at a barrier for the other; less than 2 means the "
                        + "chunks were not counted at the same time (%s)", bothHere).isEqualTo(2);
        long expected = reference(N, 0);
        RecordingThreadFactory factory = new RecordingThreadFactory();
        assertThat(Countdown.onThreads(2, N, factory)).as("onThreads(2, %d)", N).isEqualTo(expected);
        assertThat(factory.started()).as("threads started by onThreads(2, n)").isEqualTo(2);
        SpeedupCheck.of("1 thread", () -> Countdown.onThreads(1, N), "2 threads", () -> Countdown.onThreads(2, N))
                .reportTo(reporter)
                .atLeast(Speedup.CPU_BOUND.upTo(2));
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Around each slice of at most switchInterval steps: lock.lock(); try { ...steps... } finally { lock.unlock(); }. "
            + "Every step runs inside the try, and the lock is taken again for the next slice.")
    void the_lock_is_held_during_every_step_and_released_every_switchInterval_steps() {
        for (int[] testCase : new int[][] {{1_050, 100}, {1_000, 100}, {10, 1}, {5, 1_000}, {0, 10}}) {
            int steps = testCase[0];
            int every = testCase[1];
            String what = "run(" + steps + ", 0) with switchInterval " + every;
            CountingLock lock = new CountingLock();
            GlobalLock globalLock = new GlobalLock(lock, every);
            AtomicInteger withoutLock = new AtomicInteger();
            long checksum = globalLock.run(steps, 0, n -> {
                if (!lock.step()) { // counts the step in this hold of the lock, if the lock is held
                    withoutLock.incrementAndGet();
                }
                return reference(n);
            });
            assertThat(checksum).as(what + ": the checksum").isEqualTo(reference(steps, 0));
            assertThat(withoutLock).as(what + ": steps that ran without holding the lock").hasValue(0);
            long slices = (steps + every - 1) / every;
            assertThat(lock.acquisitions()).as(what + ": times the lock was taken (once per slice of at most %d steps)", every)
                    .isBetween(slices, slices + 1);
            assertThat(lock.mostStepsInOneHold()).as(what + ": the most steps run in one hold of the lock").isLessThanOrEqualTo(every);
            assertThat(lock.isLocked()).as(what + ": the lock is released when run returns").isFalse();
        }
        CountingLock lock = new CountingLock();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> new GlobalLock(lock, 100).run(1_000, 0, n -> {
            if (n == 500) {
                throw boom;
            }
            return n;
        })).as("a step that throws: its exception comes out of run").isSameAs(boom);
        assertThat(lock.isLocked()).as("after a step threw, the lock must be released (unlock in finally)").isFalse();
        assertThatThrownBy(() -> new GlobalLock(lock, 100).run(3, 5, n -> n)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(60)
    @Hint("Take the lock around each slice of switchInterval steps, not around the whole countdown: a thread that "
            + "keeps it until its chunk is done never lets the other take a turn. No step may run outside a locked "
            + "slice.")
    void threads_sharing_the_lock_never_run_steps_at_the_same_time_and_each_releases_it_every_slice(TestReporter reporter) {
        CountingLock lock = new CountingLock(true); // fair: hands itself to the thread that waited longest (mostly)
        int every = 1_000;
        GlobalLock globalLock = new GlobalLock(lock, every);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger withoutLock = new AtomicInteger();
        AtomicBoolean first = new AtomicBoolean(true);
        Map<Thread, Long> stepsPerThread = new ConcurrentHashMap<>();
        long[] turns = {0};
        Thread[] last = {null};
        long n = 200_000;
        long checksum = Countdown.onThreads(2, n, (from, downTo) -> globalLock.run(from, downTo, value -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (!lock.isHeldByCurrentThread()) {
                withoutLock.incrementAndGet();
            }
            if (first.compareAndSet(true, false)) {
                // Hold on until the other thread waits for the lock (at most 5 s), so that both are under way together.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            Thread me = Thread.currentThread();
            stepsPerThread.merge(me, 1L, Long::sum);
            if (last[0] != me) {
                turns[0]++;
                last[0] = me;
            }
            inside.decrementAndGet();
            return reference(value);
        }), Thread::new);
        reporter.publishEntry("turns", turns[0] + " (times the lock changed hands between the two threads)");
        assertThat(checksum).as("the checksum of the countdown from %d on two threads sharing the lock", n).isEqualTo(reference(n, 0));
        assertThat(overlaps).as("steps that ran while another thread was running one: with the lock held, never").hasValue(0);
        assertThat(withoutLock).as("steps that ran without holding the lock").hasValue(0);
        assertThat(stepsPerThread).as("steps per thread").hasSize(2);
        for (Map.Entry<Thread, Long> thread : stepsPerThread.entrySet()) {
            long slices = (thread.getValue() + every - 1) / every;
            assertThat(lock.acquisitionsBy(thread.getKey()))
                    .as("times %s took the lock for its %d steps, released every %d", thread.getKey().getName(), thread.getValue(), every)
                    .isBetween(slices, slices + 1);
        }
        assertThat(lock.isLocked()).as("the lock is free once both threads are done").isFalse();
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(180)
    @RequiresCores(2)
    @Hint("With the lock held for every step, only one thread counts at a time: two threads can be no faster than one.")
    void with_the_lock_two_threads_are_no_faster_than_one(TestReporter reporter) {
        // Timings alone cannot tell a busy machine from a lock that does nothing: first watch the lock being used.
        CountingLock watched = new CountingLock();
        int every = GlobalLock.DEFAULT_SWITCH_INTERVAL;
        long steps = 200_000;
        assertThat(new GlobalLock(watched, every).onThreads(2, steps)).as("the checksum of %d steps on two threads under "
                + "the lock", steps).isEqualTo(reference(steps, 0));
        long slices = 2 * ((steps / 2 + every - 1) / every);
        assertThat(watched.acquisitions()).as("times two threads took the lock for %d steps each, released every %d",
                steps / 2, every).isBetween(slices, slices + 2);
        GlobalLock globalLock = new GlobalLock(new ReentrantLock(), every);
        assertThat(globalLock.onThreads(2, N)).as("the checksum on two threads under the lock").isEqualTo(reference(N, 0));
        SpeedupCheck.of("1 thread", () -> globalLock.onThreads(1, N), "2 threads", () -> globalLock.onThreads(2, N))
                .reportTo(reporter)
                .atMost(1.25);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The test's own copy of mix (SplitMix64's finalizer). */
    static long reference(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The checksum of the countdown from `from` to `downTo`, computed once per range and kept. */
    static long reference(long from, long downTo) {
        return REFERENCE.computeIfAbsent(from + ":" + downTo,
                key -> java.util.stream.LongStream.rangeClosed(downTo + 1, from).map(GlobalLockTest::reference).sum());
    }

    private static final Map<String, Long> REFERENCE = new ConcurrentHashMap<>();

    record Chunk(long from, long downTo, Thread thread) {
    }

    /** A counter that notes each chunk it counts, and the thread that counts it, in {@code chunks}. */
    static Countdown.Counter noting(List<Chunk> chunks, Countdown.Counter inner) {
        return (from, downTo) -> {
            chunks.add(new Chunk(from, downTo, Thread.currentThread()));
            return inner.count(from, downTo);
        };
    }

    /** The chunks follow each other from 0 up to n, with no gap or overlap, their sizes at most one apart. */
    static void assertChunksCover(String what, List<Chunk> chunks, long n) {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort((a, b) -> Long.compare(a.downTo(), b.downTo()));
        long next = 0;
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (Chunk chunk : sorted) {
            assertThat(chunk.downTo()).as(what + ": chunks %s should follow each other with no gap or overlap", sorted)
                    .isEqualTo(next);
            assertThat(chunk.from()).as(what + ": chunk %s counts down, from above downTo", chunk).isGreaterThan(chunk.downTo());
            next = chunk.from();
            smallest = Math.min(smallest, chunk.from() - chunk.downTo());
            largest = Math.max(largest, chunk.from() - chunk.downTo());
        }
        assertThat(next).as(what + ": the chunks %s should reach up to n", sorted).isEqualTo(n);
        if (!sorted.isEmpty()) {
            assertThat(largest - smallest).as(what + ": chunk sizes should differ by at most one: %s", sorted)
                    .isLessThanOrEqualTo(1);
        }
    }
}
