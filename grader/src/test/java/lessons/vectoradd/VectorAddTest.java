package lessons.vectoradd;

import kit.grader.Hint;
import kit.grader.Lesson;
import kit.grader.Points;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Lesson(id = "02", title = "Threaded vector add")
class VectorAddTest {

    private final Random random = new Random();
    /** Where timing loops leave their results, so the JIT cannot drop the work as unused. */
    static volatile long blackhole;

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("requireSameLength(a, b) (given) rejects vectors of different lengths; then every c[i] of a new array, int "
            + "overflow wrapping as Java's + does.")
    void addSerial_adds_random_vectors_of_random_sizes() {
        for (int trial = 0; trial < 50; trial++) {
            int[] a = randomInts(random.nextInt(1_000));
            int[] b = randomInts(a.length);
            assertThat(VectorAdd.addSerial(a, b)).as("addSerial of %d elements", a.length).containsExactly(expected(a, b));
        }
        assertThatThrownBy(() -> VectorAdd.addSerial(new int[3], new int[4])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(3)
    @Timeout(20)
    @Hint("Every thread must come from factory.newThread(...), not new Thread(...), one per element, each computing "
            + "its own c[i]; startAndJoin(threads) (given) starts them all, then joins them.")
    void threadPerElement_starts_one_thread_per_element_and_adds_correctly() {
        for (int n : new int[] {0, 1, 7, 200, 1 + random.nextInt(300)}) {
            int[] a = randomInts(n);
            int[] b = randomInts(n);
            Recorder recorder = new Recorder();
            int[] c = VectorAdd.combineThreadPerElement(a, b, recorder.op(Integer::sum), recorder);
            assertThat(c).as("combineThreadPerElement of %d elements", n).containsExactly(expected(a, b));
            assertThat(recorder.created).as("threads made by the factory for %d elements", n).hasSize(n);
            assertThat(recorder.started()).as("threads actually started (and run)").isEqualTo(n);
            assertThat(recorder.callsPerThread.values()).as("each thread computes exactly one element").allMatch(calls -> calls == 1);
            assertThat(recorder.callsPerThread.keySet()).as("every element is computed on a thread from the factory")
                    .isSubsetOf(recorder.created);
        }
        assertThatThrownBy(() -> VectorAdd.addThreadPerElement(new int[2], new int[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("Start every thread before you join any: the element threads must be able to run at the same time.")
    void threadPerElement_threads_run_at_the_same_time() {
        int n = 8;
        CyclicBarrier allHere = new CyclicBarrier(n);
        Recorder recorder = new Recorder();
        int[] c = VectorAdd.combineThreadPerElement(randomInts(n), randomInts(n), (x, y) -> awaitAll(allHere), recorder);
        assertThat(c).as("every element thread met the other %d at a barrier; 0 means it waited in vain "
                + "(threads were started one after another's end)", n - 1).containsOnly(1);
    }

    @Test
    @Points(4)
    @Timeout(20)
    @Hint("Use the page's chunks [k*n/chunks, (k+1)*n/chunks), with k*n computed as a long. Chunks of ceil(n / "
            + "threads) elements run out before the last thread (n = 9, threads = 4), and strided indices (k, k + "
            + "threads, ...) are not one contiguous chunk.")
    void chunked_uses_exactly_the_requested_threads_each_on_one_contiguous_chunk() {
        int[][] cases = {{10, 4}, {9, 4}, {1000, 3}, {97, 7}, {5, 5}, {3, 8}, {1, 2}, {0, 3}, {7, 1},
                {1 + random.nextInt(5_000), 1 + random.nextInt(16)}};
        for (int[] testCase : cases) {
            int n = testCase[0];
            int threads = testCase[1];
            // a[i] = i: the op sees which element it computes.
            int[] a = java.util.stream.IntStream.range(0, n).toArray();
            int[] b = randomInts(n);
            Recorder recorder = new Recorder();
            int[] c = VectorAdd.combineChunked(a, b, recorder.op(Integer::sum), threads, recorder);
            String what = "combineChunked(n=" + n + ", threads=" + threads + ")";
            assertThat(c).as(what + " result").containsExactly(expected(a, b));
            assertThat(recorder.created).as(what + ": threads made by the factory").hasSize(Math.min(threads, n));
            assertThat(recorder.started()).as(what + ": threads started").isEqualTo(Math.min(threads, n));
            assertThat(recorder.callsPerThread.keySet()).as(what + ": every element computed on a factory thread")
                    .isSubsetOf(recorder.created);
            if (n > 0) {
                int smallest = recorder.callsPerThread.values().stream().min(Integer::compare).orElseThrow();
                int largest = recorder.callsPerThread.values().stream().max(Integer::compare).orElseThrow();
                assertThat(largest - smallest).as(what + ": chunk sizes should differ by at most one, were %s",
                        recorder.callsPerThread.values()).isLessThanOrEqualTo(1);
                assertThat(recorder.callsPerThread).as(what + ": every thread did some work").hasSize(Math.min(threads, n));
                assertThat(recorder.callsPerThread.values().stream().mapToInt(Integer::intValue).sum())
                        .as(what + ": op calls in all, chunk sizes %s: every element computed exactly once (chunks that "
                                + "overlap compute some twice)", recorder.callsPerThread.values()).isEqualTo(n);
                recorder.firstsPerThread.forEach((thread, elements) -> {
                    List<Integer> sorted = elements.stream().sorted().toList();
                    int from = sorted.get(0);
                    int to = sorted.get(sorted.size() - 1) + 1;
                    assertThat(to - from).as("%s: %s computed the elements %s, not one contiguous chunk [from, to): a thread "
                            + "takes consecutive indices (its chunk), not every so-many-th element", what, thread.getName(),
                            sorted.size() > 12 ? sorted.subList(0, 12) + "..." : sorted).isEqualTo(sorted.size());
                });
            }
        }
        assertThatThrownBy(() -> VectorAdd.addChunked(new int[4], new int[4], 0))
                .as("threads = 0 is a bad argument").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorAdd.addChunked(new int[4], new int[5], 2))
                .as("lengths 4 and 5 are a bad argument").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("Start all chunk threads, then join them: each chunk must run while the others do.")
    void chunked_threads_run_at_the_same_time() {
        int threads = 4;
        CyclicBarrier allHere = new CyclicBarrier(threads);
        Set<Thread> arrived = ConcurrentHashMap.newKeySet();
        IntBinaryOperator meetOncePerThread = (x, y) -> arrived.add(Thread.currentThread()) ? awaitAll(allHere) : 1;
        int[] c = VectorAdd.combineChunked(randomInts(400), randomInts(400), meetOncePerThread, threads, new Recorder());
        assertThat(c).as("each chunk's thread met the other %d at a barrier; 0 means it waited in vain", threads - 1)
                .containsOnly(1);
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(30)
    @Hint("Thread per element must really make a thread per element; starting 200 threads costs far more than 200 additions.")
    void thread_per_element_is_much_slower_than_the_loop_for_200_elements(TestReporter reporter) {
        int[] a = randomInts(200);
        int[] b = randomInts(200);
        long[] serial = new long[9];
        long[] perElement = new long[9];
        long sink = 0;
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            sink += VectorAdd.addSerial(a, b)[0] + VectorAdd.addThreadPerElement(a, b)[0];
        }
        for (int run = 0; run < serial.length; run++) {
            long start = System.nanoTime();
            sink += VectorAdd.addSerial(a, b)[run];
            serial[run] = System.nanoTime() - start;
            start = System.nanoTime();
            sink += VectorAdd.addThreadPerElement(a, b)[run];
            perElement[run] = System.nanoTime() - start;
        }
        long serialMedian = median(serial);
        long perElementMedian = median(perElement);
        reporter.publishEntry("serial median", serialMedian / 1000 + " us");
        reporter.publishEntry("thread per element median", perElementMedian / 1000 + " us");
        blackhole = sink;
        assertThat(perElementMedian).as("median of thread-per-element (%d us) vs the loop (%d us), n = 200",
                perElementMedian / 1000, serialMedian / 1000).isGreaterThan(10 * serialMedian);
        // Starting a thread costs tens of microseconds on any machine: 200 of them cannot take under a millisecond.
        assertThat(perElementMedian).as("thread per element took a median of %d us for 200 elements: too fast to have "
                + "started 200 threads", perElementMedian / 1000).isGreaterThan(1_000_000);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A ThreadFactory that counts the threads it makes and start, and an op that notes which thread computed. */
    static final class Recorder implements ThreadFactory {
        final List<Thread> created = new ArrayList<>();
        final Set<Thread> ran = ConcurrentHashMap.newKeySet();
        final Map<Thread, Integer> callsPerThread = new ConcurrentHashMap<>();
        /** The first operand of every op call, by thread: the element's index where the test passes a[i] = i. */
        final Map<Thread, List<Integer>> firstsPerThread = new ConcurrentHashMap<>();

        @Override
        public synchronized Thread newThread(Runnable work) {
            Thread thread = new Thread(() -> {
                ran.add(Thread.currentThread());
                work.run();
            }, "recorded-" + created.size());
            created.add(thread);
            return thread;
        }

        int started() {
            return ran.size();
        }

        IntBinaryOperator op(IntBinaryOperator inner) {
            return (x, y) -> {
                callsPerThread.merge(Thread.currentThread(), 1, Integer::sum);
                firstsPerThread.computeIfAbsent(Thread.currentThread(), t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(x);
                return inner.applyAsInt(x, y);
            };
        }
    }

    /** 1 if every party reached the barrier within 5 s, else 0. */
    static int awaitAll(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
            return 1;
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            return 0;
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    int[] randomInts(int n) {
        return random.ints(n).toArray();
    }

    static int[] expected(int[] a, int[] b) {
        return java.util.stream.IntStream.range(0, a.length).map(i -> a[i] + b[i]).toArray();
    }
}
