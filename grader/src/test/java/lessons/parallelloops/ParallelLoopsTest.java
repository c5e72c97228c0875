package lessons.parallelloops;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.RequiresCores;
import kit.grader.api.Speedup;
import kit.grader.api.SpeedupCheck;
import kit.grader.api.Timing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Lesson(id = "09", title = "Parallel loops")
class ParallelLoopsTest {

    /** Elements of the compute-heavy loop: about a tenth of a second on one core of a laptop. */
    static final int N = 200_000;
    private final Random random = new Random();

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("The loops run i = 0 .. n-1 with the last element included (i < n, not i < n - 1); requireSize(n) (given) "
            + "rejects n < 0.")
    void the_serial_loops_compute_every_element_in_order() {
        for (int n : new int[] {0, 1, 7, 1_000, random.nextInt(5_000)}) {
            IntToDoubleFunction f = i -> Math.sqrt(i) + 0.5 * i;
            assertThat(ParallelLoops.mapSerial(n, f)).as("mapSerial(%d, sqrt(i) + i/2)", n).containsExactly(expectedMap(n, f));
            assertThat(ParallelLoops.sumSerial(n, f)).as("sumSerial(%d, sqrt(i) + i/2)", n).isEqualTo(expectedSum(n, f));
        }
        assertThat(ParallelLoops.mapSerial(1_000, Series::element)).as("mapSerial over Series.element")
                .containsExactly(expectedMap(1_000, Series::element));
        assertThatThrownBy(() -> ParallelLoops.mapSerial(-1, i -> i)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParallelLoops.sumSerial(-1, i -> i)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Each out[i] is computed alone, so the parallel map gives exactly the serial array: IntStream.range(0, n) "
            + "(rangeClosed goes one past the end), f(i) written into out[i] and nowhere else, and the loop finished "
            + "before you return.")
    void the_parallel_map_gives_exactly_the_serial_array() {
        for (int n : new int[] {0, 1, 2, 3, 1_000, 100_000 + random.nextInt(100_000)}) {
            IntToDoubleFunction f = i -> Math.sin(i) * i;
            assertThat(ParallelLoops.mapParallel(n, f)).as("mapParallel(%d, sin(i) * i)", n).containsExactly(expectedMap(n, f));
        }
        assertThatThrownBy(() -> ParallelLoops.mapParallel(-1, i -> i)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Parallel partial sums are added in another order, so compare up to rounding; but every f(i) must be "
            + "counted exactly once, and the partial sums must not race on one shared variable.")
    void the_parallel_sum_gives_the_serial_sum_up_to_rounding() {
        for (int n : new int[] {0, 1, 2, 3, 1_000, 100_000 + random.nextInt(100_000)}) {
            IntToDoubleFunction f = i -> Math.cos(i) + 1e-3 * i;
            double expected = expectedSum(n, f);
            assertThat(ParallelLoops.sumParallel(n, f)).as("sumParallel(%d, cos(i) + i/1000)", n)
                    .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
        assertThat(ParallelLoops.sumParallel(10_000, interleavingOnes())).as("sumParallel(10000, 1.0) while the thread of the "
                + "first element waits inside f until another thread has finished an element: a total shared by the threads "
                + "loses that element's update").isEqualTo(10_000.0);
        assertThatThrownBy(() -> ParallelLoops.sumParallel(-1, i -> i)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * f(i) = 1.0, but the first call (whichever thread makes it) waits, at most 5 s, until another thread has finished
     * an element and started the next. A racy shared total ({@code total[0] += f(i)} reads the total before it calls f)
     * then writes back a total that misses the other thread's element: a lost update every time, not by luck of timing.
     * A correct parallel sum gives 10000.0 all the same; so does a serial one (the wait times out).
     */
    static IntToDoubleFunction interleavingOnes() {
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Map<Thread, Integer> calls = new ConcurrentHashMap<>();
        CountDownLatch otherFinishedOne = new CountDownLatch(1);
        return i -> {
            Thread me = Thread.currentThread();
            if (waiter.compareAndSet(null, me)) {
                await(otherFinishedOne);
            } else if (waiter.get() != me && calls.merge(me, 1, Integer::sum) >= 2) {
                otherFinishedOne.countDown();
            }
            return 1.0;
        };
    }

    @Test
    @Points(2)
    @Timeout(60)
    @RequiresCores(2)
    @Hint("A parallel loop computes its elements on several threads at once: IntStream.range(0, n).parallel() does, "
            + "a plain for loop (or a stream without .parallel(), or a lock around each element) does not.")
    void the_parallel_loops_compute_elements_on_several_threads_at_once(TestReporter reporter) {
        assertComputesElementsAtTheSameTime("mapParallel", reporter);
        assertComputesElementsAtTheSameTime("sumParallel", reporter);
    }

    @Test
    @Tag("timing")
    @Points(4)
    @Timeout(180)
    @RequiresCores(2)
    @Hint("Each element of Series.element costs about a thousand flops and no memory traffic: split over the cores "
            + "with a parallel loop, it must get faster. Is mapParallel really parallel, and not stuck behind a lock?")
    void the_parallel_loop_beats_the_serial_loop_on_compute_heavy_elements(TestReporter reporter) {
        // Timings alone cannot tell a busy machine from a serial loop: first make sure the loop really runs in parallel.
        assertComputesElementsAtTheSameTime("mapParallel", reporter);
        assertThat(ParallelLoops.mapParallel(N, Series::element)).as("mapParallel(%d, Series::element)", N)
                .containsExactly(expectedMap(N, Series::element));
        SpeedupCheck.of("serial", () -> ParallelLoops.mapSerial(N, Series::element),
                        "parallel", () -> ParallelLoops.mapParallel(N, Series::element))
                .reportTo(reporter)
                .atLeast(Speedup.CPU_BOUND);
    }

    /**
     * Runs the loop over 2,000 elements of Series.element whose first element (whichever thread gets it) waits, at most
     * 5 s, until another thread has computed an element meanwhile. Only a loop that computes elements on several
     * threads at once can pass: a serial loop, or threads that take turns behind one lock, keep the others out.
     */
    static void assertComputesElementsAtTheSameTime(String loop, TestReporter reporter) {
        int n = 2_000;
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch secondThread = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicBoolean metInTime = new AtomicBoolean();
        IntToDoubleFunction recording = i -> {
            threads.add(Thread.currentThread());
            if (threads.size() > 1) {
                secondThread.countDown();
            }
            if (first.compareAndSet(true, false)) {
                metInTime.set(await(secondThread));
            }
            return Series.element(i);
        };
        if (loop.equals("mapParallel")) {
            assertThat(ParallelLoops.mapParallel(n, recording)).as("mapParallel over Series.element")
                    .containsExactly(expectedMap(n, Series::element));
        } else {
            assertThat(ParallelLoops.sumParallel(n, recording)).as("sumParallel over Series.element")
                    .isCloseTo(expectedSum(n, Series::element), within(1e-9 * n));
        }
        reporter.publishEntry(loop + " threads", String.valueOf(threads.size()));
        assertThat(metInTime.get()).as("%s(%d, f): while the thread of the first element waited up to 5 s inside f, "
                + "no other thread computed an element; a parallel loop computes elements on several threads at once "
                + "(%d thread(s) computed elements in all)", loop, n, threads.size()).isTrue();
    }

    @Test
    @Points(1)
    @Timeout(30)
    @Hint("requireSameLength(x, y) (given) rejects different lengths. In parallel, chunk boundaries as in lesson 08 "
            + "(k * n / chunks, computed as a long) cover every index once, the last one too, also when n is smaller "
            + "than the number of chunks.")
    void vector_add_serial_and_parallel_add_every_element() {
        for (int n : new int[] {0, 1, 2, 5, 1_000, 100_000 + random.nextInt(100_000)}) {
            double[] x = random.doubles(n).toArray();
            double[] y = random.doubles(n).toArray();
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = x[i] + y[i];
            }
            assertThat(ParallelLoops.addSerial(x, y)).as("addSerial of %d elements", n).containsExactly(z);
            assertThat(ParallelLoops.addParallel(x, y)).as("addParallel of %d elements", n).containsExactly(z);
        }
        for (BiFunction<double[], double[], double[]> add : List.<BiFunction<double[], double[], double[]>>of(
                ParallelLoops::addSerial, ParallelLoops::addParallel)) {
            assertThatThrownBy(() -> add.apply(new double[3], new double[4])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @Points(1)
    @Timeout(60)
    @RequiresCores(2)
    @Hint("addParallel must split the additions over several threads that run at the same time (a parallel loop, e.g. "
            + "IntStream.range(0, n).parallel()); a plain loop, or a sequential stream, adds on one thread.")
    void addParallel_adds_on_several_threads_at_once(TestReporter reporter) throws Exception {
        // addParallel takes no function that could record its thread: watch the threads instead. A sampler reads every
        // thread's stack while addParallel runs, again and again, and counts the threads that are running lesson code
        // (or a stream's pieces of it) at the same moment.
        int n = 2_000_000;
        double[] x = random.doubles(n).toArray();
        double[] y = random.doubles(n).toArray();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicBoolean adding = new AtomicBoolean(true);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (adding.get() && most.get() < 2 && System.nanoTime() < deadline) {
                int computing = 0;
                for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    if (info.getThreadId() != Thread.currentThread().getId() && info.getThreadState() == Thread.State.RUNNABLE
                            && Stream.of(info.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith("lessons.")
                            || frame.getClassName().startsWith("java.util.stream."))) {
                        computing++;
                    }
                }
                samples.incrementAndGet();
                most.accumulateAndGet(computing, Math::max);
            }
            adding.set(false);
        }, "addParallel-sampler");
        sampler.setDaemon(true);
        sampler.start();
        int calls = 0;
        try {
            while (adding.get()) {
                double[] z = ParallelLoops.addParallel(x, y);
                calls++;
                assertThat(z[calls % n]).as("addParallel: z[%d]", calls % n).isEqualTo(x[calls % n] + y[calls % n]);
            }
        } finally {
            adding.set(false);
            sampler.join();
        }
        reporter.publishEntry("addParallel threads at once", most.get() + " (" + samples.get() + " samples over " + calls + " calls)");
        assertThat(most.get()).as("the most threads seen adding at the same moment, in %d samples taken while addParallel "
                + "(of %d elements) ran %d times: a parallel loop adds on several threads at once", samples.get(), n, calls)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @Tag("timing")
    @Points(1)
    @Timeout(60)
    @Hint("Vector add of the tutorial's ten million elements, serial and parallel: both must give every z[i] = x[i] + y[i].")
    void vector_add_of_ten_million_elements_and_what_the_parallel_loop_gains_there(TestReporter reporter) {
        int n = 10_000_000;
        double[] x = random.doubles(n).toArray();
        double[] y = random.doubles(n).toArray();
        assertAddedEverywhere(x, y);
        // Figures for the lesson, not a verdict: memory-bound work gains little from more cores.
        SpeedupCheck.of("serial", () -> ParallelLoops.addSerial(x, y), "parallel", () -> ParallelLoops.addParallel(x, y))
                .warmUps(5).runs(7).reportTo(reporter).label("vector add 10^7:").measure();
    }

    /** Checks addParallel's result in a method of its own, so that 80 MB of it are garbage once checked. */
    private static void assertAddedEverywhere(double[] x, double[] y) {
        double[] parallel = ParallelLoops.addParallel(x, y);
        for (int i = 0; i < x.length; i++) {
            if (parallel[i] != x[i] + y[i]) {
                throw new AssertionError("addParallel of 10^7 elements: z[" + i + "] = " + parallel[i] + ", expected " + (x[i] + y[i]));
            }
        }
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Sort a copy of the samples and take the middle; with an even count, the mean of the two middle values. "
            + "Do not sort the caller's array.")
    void warmUp_median_is_the_middle_of_the_sorted_samples() {
        assertThat(WarmUp.median(new long[] {5})).isEqualTo(5);
        assertThat(WarmUp.median(new long[] {9, 1, 5})).isEqualTo(5);
        assertThat(WarmUp.median(new long[] {4, 1, 3, 2})).as("median of 4, 1, 3, 2: the mean of 2 and 3, rounded down").isEqualTo(2);
        assertThat(WarmUp.median(new long[] {10, 40})).isEqualTo(25);
        long[] samples = {30, 10, 20};
        WarmUp.median(samples);
        assertThat(samples).as("the caller's samples after median()").containsExactly(30, 10, 20);
        for (int trial = 0; trial < 20; trial++) {
            long[] random = this.random.longs(1 + this.random.nextInt(50), 0, 1_000_000).toArray();
            assertThat(WarmUp.median(random)).as("median of %s", java.util.Arrays.toString(random)).isEqualTo(Timing.median(random));
        }
        assertThatThrownBy(() -> WarmUp.median(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Read the clock just before and just after each call, never once for all of them; the warm-up calls are "
            + "made but not reported; the steady rounds are reported in the order they ran, with median() of them.")
    void warmUp_times_the_first_call_apart_discards_the_warm_up_and_reports_the_steady_median() throws Exception {
        // A fake clock: each call of the function moves it on by the next scripted duration.
        long[] durations = {5_000, 900, 700, 600, 40, 31, 30, 33, 29, 1_000};
        long[] clock = {1_000_000};
        AtomicInteger calls = new AtomicInteger();
        WarmUp.Report report = WarmUp.measure(() -> {
            int call = calls.getAndIncrement();
            clock[0] += durations[call];
            return "result of call " + call;
        }, 3, 6, () -> clock[0]);
        assertThat(calls).as("calls of the function: 1 first + 3 warm-up + 6 rounds").hasValue(10);
        assertThat(report.firstCallNanos()).as("the first call, timed on its own").isEqualTo(5_000);
        assertThat(report.steadyNanos()).as("the steady rounds, in order, without the first call and the 3 warm-up rounds")
                .containsExactly(40, 31, 30, 33, 29, 1_000);
        assertThat(report.steadyMedianNanos()).as("median of 40, 31, 30, 33, 29, 1000").isEqualTo(32);
        assertThat(report.lastResult()).as("the last call's result, kept in the report").isEqualTo("result of call 9");

        // No warm-up rounds, an odd count of rounds.
        long[] durations2 = {100, 7, 9, 8};
        calls.set(0);
        WarmUp.Report short_ = WarmUp.measure(() -> {
            clock[0] += durations2[calls.getAndIncrement()];
            return 42;
        }, 0, 3, () -> clock[0]);
        assertThat(short_.firstCallNanos()).isEqualTo(100);
        assertThat(short_.steadyNanos()).containsExactly(7, 9, 8);
        assertThat(short_.steadyMedianNanos()).isEqualTo(8);

        // One steady round is enough.
        long[] durations3 = {60, 20};
        calls.set(0);
        WarmUp.Report one = WarmUp.measure(() -> {
            clock[0] += durations3[calls.getAndIncrement()];
            return 7;
        }, 0, 1, () -> clock[0]);
        assertThat(one.steadyNanos()).as("rounds = 1: one steady round").containsExactly(20);
        assertThat(one.steadyMedianNanos()).isEqualTo(20);

        assertThatThrownBy(() -> WarmUp.measure(() -> 1, 0, 0, () -> 0)).as("rounds = 0").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WarmUp.measure(() -> 1, -1, 3, () -> 0)).as("warmUpRounds = -1").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("timing")
    @Points(2)
    @Timeout(60)
    @Hint("measure(call, warmUpRounds, rounds) on the real clock: the first call of a fresh method runs in the "
            + "interpreter and is far slower than the compiled steady state.")
    void warmUp_shows_the_first_call_of_large_sum_far_slower_than_the_steady_state(TestReporter reporter) throws Exception {
        // The tutorial's large_sum(10**5): nothing in this JVM has called it before this test.
        WarmUp.Report report = WarmUp.measure(() -> WarmUp.largeSum(100_000), 20, 21);
        reporter.publishEntry("first call", Timing.duration(report.firstCallNanos()));
        reporter.publishEntry("steady median", Timing.duration(report.steadyMedianNanos()));
        assertThat(report.lastResult()).as("largeSum(100000)").isEqualTo(100_000L);
        assertThat(report.steadyNanos()).as("steady rounds").hasSize(21);
        assertThat(report.firstCallNanos()).as("the first call (%s) against the steady median (%s): the first runs in "
                        + "the interpreter", Timing.duration(report.firstCallNanos()), Timing.duration(report.steadyMedianNanos()))
                .isGreaterThan(5 * Math.max(1, report.steadyMedianNanos()));
    }

    // ---------------------------------------------------------------------------------------------------------

    static double[] expectedMap(int n, IntToDoubleFunction f) {
        return java.util.stream.IntStream.range(0, n).mapToDouble(f).toArray();
    }

    /** Left to right, as the serial loop adds (DoubleStream.sum() would compensate and differ in the last bits). */
    static double expectedSum(int n, IntToDoubleFunction f) {
        return java.util.stream.IntStream.range(0, n).mapToDouble(f).reduce(0.0, Double::sum);
    }

    /** True if the latch opened within 5 s. */
    static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
