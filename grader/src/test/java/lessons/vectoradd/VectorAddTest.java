package lessons.vectoradd;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.RecordingThreadFactory;
import kit.grader.api.Rendezvous;
import kit.grader.api.SpeedupCheck;
import kit.grader.api.SpeedupResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Lesson(id = "02", title = "Threaded vector add")
class VectorAddTest {

    private final Random random = new Random();

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
            RecordingThreadFactory factory = new RecordingThreadFactory();
            Map<Thread, List<Integer>> computed = new ConcurrentHashMap<>();
            int[] c = VectorAdd.combineThreadPerElement(a, b, noting(computed, Integer::sum), factory);
            assertThat(c).as("combineThreadPerElement of %d elements", n).containsExactly(expected(a, b));
            assertThat(factory.created()).as("threads made by the factory for %d elements", n).hasSize(n);
            assertThat(factory.started()).as("threads actually started (and run)").isEqualTo(n);
            assertThat(computed.values()).as("each thread computes exactly one element").allMatch(calls -> calls.size() == 1);
            assertThat(computed.keySet()).as("every element is computed on a thread from the factory")
                    .isSubsetOf(factory.created());
        }
        assertThatThrownBy(() -> VectorAdd.addThreadPerElement(new int[2], new int[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("Start every thread before you join any: the element threads must be able to run at the same time.")
    void threadPerElement_threads_run_at_the_same_time() {
        int n = 8;
        Rendezvous allHere = new Rendezvous(n);
        int[] c = VectorAdd.combineThreadPerElement(randomInts(n), randomInts(n), (x, y) -> allHere.arrive(),
                new RecordingThreadFactory());
        assertThat(c).as("every element thread met the other %d at a barrier; 0 means it waited in vain "
                + "(threads were started one after another's end): %s", n - 1, allHere).containsOnly(1);
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
            RecordingThreadFactory factory = new RecordingThreadFactory();
            Map<Thread, List<Integer>> computed = new ConcurrentHashMap<>();
            int[] c = VectorAdd.combineChunked(a, b, noting(computed, Integer::sum), threads, factory);
            String what = "combineChunked(n=" + n + ", threads=" + threads + ")";
            assertThat(c).as(what + " result").containsExactly(expected(a, b));
            assertThat(factory.created()).as(what + ": threads made by the factory").hasSize(Math.min(threads, n));
            assertThat(factory.started()).as(what + ": threads started").isEqualTo(Math.min(threads, n));
            assertThat(computed.keySet()).as(what + ": every element computed on a factory thread").isSubsetOf(factory.created());
            if (n > 0) {
                List<Integer> sizes = computed.values().stream().map(List::size).toList();
                int smallest = sizes.stream().min(Integer::compare).orElseThrow();
                int largest = sizes.stream().max(Integer::compare).orElseThrow();
                assertThat(largest - smallest).as(what + ": chunk sizes should differ by at most one, were %s", sizes)
                        .isLessThanOrEqualTo(1);
                assertThat(computed).as(what + ": every thread did some work").hasSize(Math.min(threads, n));
                assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
                        .as(what + ": op calls in all, chunk sizes %s: every element computed exactly once (chunks that "
                                + "overlap compute some twice)", sizes).isEqualTo(n);
                computed.forEach((thread, elements) -> {
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
        Rendezvous allHere = new Rendezvous(threads);
        Set<Thread> arrived = ConcurrentHashMap.newKeySet();
        IntBinaryOperator meetOncePerThread = (x, y) -> arrived.add(Thread.currentThread()) ? allHere.arrive() : 1;
        int[] c = VectorAdd.combineChunked(randomInts(400), randomInts(400), meetOncePerThread, threads,
                new RecordingThreadFactory());
        assertThat(c).as("each chunk's thread met the other %d at a barrier; 0 means it waited in vain: %s", threads - 1,
                allHere).containsOnly(1);
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(30)
    @Hint("Thread per element must really make a thread per element; starting 200 threads costs far more than 200 additions.")
    void thread_per_element_is_much_slower_than_the_loop_for_200_elements(TestReporter reporter) {
        int[] a = randomInts(200);
        int[] b = randomInts(200);
        // Overhead, not parallelism: one core shows the gap as well as many, so the ratio is fixed, not scaled to cores.
        SpeedupResult result = SpeedupCheck.of("thread per element", () -> VectorAdd.addThreadPerElement(a, b),
                        "serial", () -> VectorAdd.addSerial(a, b))
                .warmUps(3).runs(9)
                .reportTo(reporter)
                .atLeastRatio(10);
        // Starting a thread costs tens of microseconds on any machine: 200 of them cannot take under a millisecond.
        long perElementMedian = result.closest().baselineMedian();
        assertThat(perElementMedian).as("thread per element took a median of %d us for 200 elements: too fast to have "
                + "started 200 threads", perElementMedian / 1000).isGreaterThan(1_000_000);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** An op that notes, by thread, the first operand of every call: the element's index where the test passes a[i] = i. */
    static IntBinaryOperator noting(Map<Thread, List<Integer>> computed, IntBinaryOperator inner) {
        return (x, y) -> {
            computed.computeIfAbsent(Thread.currentThread(), t -> new CopyOnWriteArrayList<>()).add(x);
            return inner.applyAsInt(x, y);
        };
    }

    int[] randomInts(int n) {
        return random.ints(n).toArray();
    }

    static int[] expected(int[] a, int[] b) {
        return java.util.stream.IntStream.range(0, a.length).map(i -> a[i] + b[i]).toArray();
    }
}
