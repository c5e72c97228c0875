package lessons.chunking;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.PoolExtension;
import kit.grader.api.Rendezvous;
import kit.grader.api.RequiresCores;
import kit.grader.api.Speedup;
import kit.grader.api.SpeedupCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.management.OperatingSystemMXBean;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Lesson(id = "08", title = "Chunked reduction")
class ChunkingTest {

    /** The process-pool tests share one pool of two worker JVMs: starting JVMs takes seconds. */
    @RegisterExtension
    static final PoolExtension processes = PoolExtension.withWorkers(2);
    private final Random random = new Random();

    /**
     * What is wrong with a list of ranges as the chunks of [0, n) for `workers` workers, or null if nothing: there
     * must be min(n, workers) of them, none empty, each starting where the previous one ended, the first at 0 and
     * the last ending at n, their sizes at most one apart.
     */
    static String problems(List<int[]> ranges, int n, int workers) {
        List<String> found = new ArrayList<>();
        if (ranges.size() != Math.min(n, workers)) {
            found.add(ranges.size() + " chunks, expected min(n, workers) = " + Math.min(n, workers));
        }
        long expectedStart = 0;
        for (int[] range : ranges) {
            if (range[0] != expectedStart) {
                found.add("a chunk starts at " + range[0] + " where " + expectedStart + " was expected"
                        + (range[0] > expectedStart ? " (elements left out)" : " (elements taken twice)"));
            }
            if (range[1] <= range[0]) {
                found.add("an empty chunk [" + range[0] + ", " + range[1] + ")");
            }
            expectedStart = range[1];
        }
        if (expectedStart != n && !ranges.isEmpty()) {
            found.add("the last chunk ends at " + expectedStart + ", not at n = " + n);
        }
        IntStream.Builder sizes = IntStream.builder();
        ranges.forEach(r -> sizes.add(r[1] - r[0]));
        int[] s = sizes.build().toArray();
        if (s.length > 0 && IntStream.of(s).max().getAsInt() - IntStream.of(s).min().getAsInt() > 1) {
            found.add("sizes from " + IntStream.of(s).min().getAsInt() + " to " + IntStream.of(s).max().getAsInt()
                    + ": they must differ by at most 1");
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    static List<int[]> asRanges(List<Chunk> chunks) {
        return chunks.stream().map(c -> new int[] {c.from(), c.to()}).toList();
    }

    static String show(List<int[]> ranges) {
        if (ranges.size() > 12) {
            return ranges.size() + " chunks";
        }
        return ranges.stream().map(r -> "[" + r[0] + ", " + r[1] + ")").toList().toString();
    }

    // ---- chunks --------------------------------------------------------------------------------------------------

    @Test
    @Points(4)
    @Timeout(20)
    @Hint("Mind the edges: n = 0 (no chunk), n < workers (n chunks of one, never an empty one), the n % count "
            + "elements left over by chunks of n / count (the first ones get one more), and sums that overflow an "
            + "int near Integer.MAX_VALUE.")
    void chunks_cover_every_index_once_in_balanced_non_empty_chunks_for_every_n_and_worker_count() {
        List<int[]> cases = new ArrayList<>(List.of(new int[][] {
                {0, 1}, {0, 4}, {1, 1}, {1, 4}, {2, 3}, {3, 8}, {7, 7}, {8, 7}, {6, 7}, {13, 4}, {97, 8}, {101, 2},
                {200, 8}, {200, 7}, {10, 8}, {5, 8}, {1_000_003, 16}, {999_983, 1}, {Integer.MAX_VALUE, 3},
                {Integer.MAX_VALUE - 1, 7}, {Integer.MAX_VALUE, 64}, {12, Integer.MAX_VALUE}}));
        for (int trial = 0; trial < 200; trial++) {
            cases.add(new int[] {random.nextInt(trial < 100 ? 50 : 1_000_000), 1 + random.nextInt(trial < 100 ? 12 : 64)});
        }
        for (int[] c : cases) {
            List<int[]> ranges = asRanges(Chunks.chunks(c[0], c[1]));
            assertThat(problems(ranges, c[0], c[1])).as("chunks(n = %d, workers = %d) = %s", c[0], c[1], show(ranges)).isNull();
        }
    }

    @Test
    @Points(1)
    @Timeout(20)
    @Hint("n < 0 or workers < 1 cannot be split: throw IllegalArgumentException (not an ArithmeticException from a division by zero).")
    void chunks_refuse_a_negative_n_and_fewer_than_one_worker() {
        assertThatThrownBy(() -> Chunks.chunks(-1, 4)).as("chunks(-1, 4)").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunks.chunks(10, 0)).as("chunks(10, 0)").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunks.chunks(0, 0)).as("chunks(0, 0)").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunks.chunks(10, -3)).as("chunks(10, -3)").isInstanceOf(IllegalArgumentException.class);
    }

    // ---- map over chunks: threads and processes ------------------------------------------------------------------

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("run() instead of start() runs every chunk on the calling thread. Start all the threads before the first "
            + "get(); get() throws an ExecutionException whose cause is what fn threw: throw that cause as it is "
            + "(wrapped in an IllegalStateException only if it is checked).")
    void mapChunksOnThreads_runs_every_chunk_on_its_own_thread_at_the_same_time_and_keeps_chunk_order() {
        for (int[] c : new int[][] {{0, 3}, {1, 3}, {2, 5}, {10, 4}, {1_000, 3}, {7, 1}}) {
            int n = c[0];
            int threads = c[1];
            int expected = Math.min(n, threads);
            Rendezvous allThere = new Rendezvous(Math.max(1, expected));
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            List<int[]> ranges = MapChunks.mapChunksOnThreads(n, threads, (from, to) -> {
                ran.add(Thread.currentThread());
                return allThere.await() ? new int[] {from, to} : new int[] {-1, -1};
            });
            assertThat(ranges).as("mapChunksOnThreads(%d, %d, ...): a result per chunk", n, threads).hasSize(expected);
            assertThat(ranges).as("mapChunksOnThreads(%d, %d, ...): each chunk waited (5 s at most) for all %d to run at once; "
                    + "-1 means it waited in vain", n, threads, expected).noneMatch(r -> r[0] == -1);
            assertThat(problems(ranges, n, threads)).as("the chunks fn saw, in result order: %s", show(ranges)).isNull();
            assertThat(ran).as("threads that ran the chunks").hasSize(expected).doesNotContain(Thread.currentThread());
        }
        IllegalStateException failed = new IllegalStateException("chunk from 5 failed");
        assertThatThrownBy(() -> MapChunks.mapChunksOnThreads(10, 2, (from, to) -> {
            if (from > 0) {
                throw failed;
            }
            return from;
        })).as("fn throws an IllegalStateException on the second chunk: the same exception, not wrapped").isSameAs(failed);
        AssertionError error = new AssertionError("chunk from 5 went wrong");
        assertThatThrownBy(() -> MapChunks.mapChunksOnThreads(10, 2, (from, to) -> {
            if (from > 0) {
                throw error;
            }
            return from;
        })).as("fn throws an Error on the second chunk: the same Error, not wrapped").isSameAs(error);
    }

    /** What a chunk's task saw in its worker. */
    record Ran(int from, int to, long pid) implements Serializable {
    }

    static Ran report(int from, int to) {
        return new Ran(from, to, ProcessHandle.current().pid());
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Calling fn here does the work in this JVM: the pairs Args.of(from, to), one per chunk, go to the workers "
            + "through your ProcessPool.starmap (lesson 06 must pass first).")
    void mapChunksOnPool_runs_one_chunk_per_worker_in_the_worker_processes_in_chunk_order() throws Exception {
        long me = ProcessHandle.current().pid();
        for (int n : new int[] {0, 1, 2, 3, 1_000, 1 + random.nextInt(100_000)}) {
            List<Ran> ran = MapChunks.mapChunksOnPool(processes.pool(), n, ChunkingTest::report);
            List<int[]> ranges = ran.stream().map(r -> new int[] {r.from(), r.to()}).toList();
            assertThat(problems(ranges, n, processes.pool().size())).as("mapChunksOnPool(pool of %d, n = %d): the chunks fn saw, in result "
                    + "order: %s", processes.pool().size(), n, show(ranges)).isNull();
            assertThat(ran).as("n = %d: chunks run in this process", n).noneMatch(r -> r.pid() == me);
            assertThat(processes.pool().workerPids()).as("n = %d: the processes that ran the chunks are the pool's workers", n)
                    .containsAll(ran.stream().map(Ran::pid).toList());
            if (n >= 2) {
                assertThat(ran.stream().map(Ran::pid).distinct().count()).as("n = %d: worker processes that ran a chunk", n)
                        .isEqualTo(2);
            }
        }
        assertThatThrownBy(() -> MapChunks.mapChunksOnPool(processes.pool(), 10, ChunkingTest::failAfterFive))
                .as("fn throws in a worker").isInstanceOf(ExecutionException.class).hasStackTraceContaining("bad chunk [5, 10)");
    }

    static Integer failAfterFive(int from, int to) {
        if (from >= 5) {
            throw new IllegalStateException("bad chunk [" + from + ", " + to + ")");
        }
        return from;
    }

    // ---- where the work ran ----------------------------------------------------------------------------------------

    /** Task {@code me} of {@code parties} marks its arrival in {@code dir}, waits (10 s at most) for the others, reports its count. */
    static long[] countInThisWorker(String dir, int me, int parties) throws Exception {
        Files.createFile(Path.of(dir, "arrived-" + me));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (IntStream.range(0, parties).anyMatch(k -> !Files.exists(Path.of(dir, "arrived-" + k)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other tasks did not arrive within 10 s");
            }
            Thread.sleep(5);
        }
        return new long[] {ProcessHandle.current().pid(), MapChunks.ELEMENTS_DONE_HERE.get()};
    }

    /** MapChunks.ELEMENTS_DONE_HERE in every worker of the pool, by pid: the test's own tasks, one in each worker at once. */
    static Map<Long, Long> countsInTheWorkers() throws Exception {
        Path dir = Files.createTempDirectory("kit-l08-meet-");
        try {
            List<Future<long[]>> asked = new ArrayList<>();
            for (int w = 0; w < processes.pool().size(); w++) {
                int me = w;
                String where = dir.toString();
                int parties = processes.pool().size();
                asked.add(processes.pool().submit(() -> countInThisWorker(where, me, parties)));
            }
            Map<Long, Long> counts = new TreeMap<>();
            for (Future<long[]> answer : asked) {
                long[] pidAndCount = answer.get();
                counts.put(pidAndCount[0], pidAndCount[1]);
            }
            return counts;
        } finally {
            try (var marks = Files.list(dir)) {
                for (Path mark : marks.toList()) {
                    Files.delete(mark);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * Runs the call and checks that the elements it went through (MapChunks.ELEMENTS_DONE_HERE: addSlices, sumRange,
     * histogramOf) were done in the workers, n of them in all, some in each worker when n >= 2, none in this process.
     */
    static <T> T inTheWorkers(String what, int n, java.util.concurrent.Callable<T> call) throws Exception {
        Map<Long, Long> before = countsInTheWorkers();
        long hereBefore = MapChunks.ELEMENTS_DONE_HERE.get();
        T result = call.call();
        long here = MapChunks.ELEMENTS_DONE_HERE.get() - hereBefore;
        Map<Long, Long> after = countsInTheWorkers();
        assertThat(after.keySet()).as("%s: the pool's workers (none replaced meanwhile)", what).isEqualTo(before.keySet());
        Map<Long, Long> done = new TreeMap<>();
        after.forEach((pid, count) -> done.put(pid, count - before.get(pid)));
        assertThat(here).as("%s: elements summed, counted or added in this process (the partial results must be computed "
                + "in the workers, and only they travel back)", what).isZero();
        assertThat(done.values().stream().mapToLong(Long::longValue).sum()).as("%s: elements the workers went through, by "
                + "worker pid %s: every element, once, in the workers", what, done).isEqualTo(n);
        if (n >= 2) {
            assertThat(done.values()).as("%s: elements done in each worker, by pid %s: one chunk per worker", what, done)
                    .allMatch(count -> count > 0);
        }
        return result;
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    static final int[] SIZES = {0, 1, 2, 3, 7, 13, 997};

    static int[] expectedHistogram(int[] values, int bins) {
        return IntStream.range(0, bins).map(bin -> (int) IntStream.of(values).filter(v -> v == bin).count()).toArray();
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Each thread sums (or counts) its own chunk into a result of its own; add the partial results afterwards. "
            + "The sum is a long: ints overflow.")
    void sum_and_histogram_over_threads_give_the_serial_results() {
        List<Integer> sizes = new ArrayList<>(IntStream.of(SIZES).boxed().toList());
        sizes.add(10_000 + random.nextInt(200_000));
        for (int n : sizes) {
            for (int threads : new int[] {1, 2, 3, 5, 8}) {
                int[] values = random.ints(n).toArray();
                assertThat(ChunkedSum.sum(values, threads)).as("sum of %d random ints on %d threads", n, threads)
                        .isEqualTo(IntStream.of(values).asLongStream().sum());
                int bins = 1 + random.nextInt(20);
                int[] small = random.ints(n, 0, bins).toArray();
                assertThat(ChunkedHistogram.histogram(small, bins, threads)).as("histogram of %d values in %d bins on %d threads", n, bins, threads)
                        .containsExactly(expectedHistogram(small, bins));
            }
        }
        assertThat(ChunkedHistogram.histogramOf(new int[] {2, 0, 2, 2}, 4)).as("histogramOf([2, 0, 2, 2], 4)").containsExactly(1, 0, 3, 0);
        assertThatThrownBy(() -> ChunkedHistogram.histogramOf(new int[] {0, 4}, 4)).as("histogramOf with a value of 4 in 4 bins")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkedHistogram.histogramOf(new int[] {-1}, 4)).as("histogramOf with a value of -1")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkedHistogram.histogramOf(new int[0], 0)).as("histogramOf with 0 bins")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Send each worker only its chunk's slice (Arrays.copyOfRange), let it sum (sumSlice) or count (histogramOf) "
            + "there, and add the partial results here, through your lesson 06 map/starmap: the partial results must be "
            + "computed in the workers, not here.")
    void sum_and_histogram_over_processes_are_computed_in_the_workers_and_give_the_serial_results() throws Exception {
        List<Integer> sizes = new ArrayList<>(IntStream.of(SIZES).boxed().toList());
        sizes.add(100_000 + random.nextInt(400_000));
        for (int n : sizes) {
            int[] values = random.ints(n).toArray();
            String sum = "sumOnPool of " + n + " random ints";
            assertThat(inTheWorkers(sum, n, () -> ChunkedSum.sumOnPool(processes.pool(), values))).as(sum)
                    .isEqualTo(IntStream.of(values).asLongStream().sum());
            int bins = 1 + random.nextInt(50);
            int[] small = random.ints(n, 0, bins).toArray();
            String histogram = "histogramOnPool of " + n + " values in " + bins + " bins";
            assertThat(inTheWorkers(histogram, n, () -> ChunkedHistogram.histogramOnPool(processes.pool(), small, bins))).as(histogram)
                    .containsExactly(expectedHistogram(small, bins));
        }
        assertThatThrownBy(() -> ChunkedHistogram.histogramOnPool(processes.pool(), new int[] {1, 2, 3, 99}, 10))
                .as("histogramOnPool with a value of 99 in 10 bins: the worker's exception reaches the caller")
                .hasStackTraceContaining("IllegalArgumentException");
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("The additions must happen in the workers (addSlices, through starmap); adding a and b here after sending "
            + "the slices does not count. Copy each returned part into c at its chunk's from (System.arraycopy), for "
            + "n smaller than the workers and n = 0 too.")
    void addOnPool_adds_vectors_of_any_size_through_starmap() throws Exception {
        for (int n : new int[] {0, 1, 2, 3, 5, 1_000, 10_000 + random.nextInt(300_000)}) {
            int[] a = random.ints(n).toArray();
            int[] b = random.ints(n).toArray();
            String what = "addOnPool of two random vectors of " + n + " ints";
            int[] c = inTheWorkers(what, n, () -> ChunkedAdd.addOnPool(processes.pool(), a, b));
            int[] expected = IntStream.range(0, n).map(i -> a[i] + b[i]).toArray();
            // Arrays.mismatch, not containsExactly: AssertJ's diff of two large arrays that differ takes minutes.
            int first = java.util.Arrays.mismatch(c, expected);
            assertThat(first).as("%s: the first element that differs from a[i] + b[i] (-1: none); lengths %d and %d%s", what,
                    c.length, n, first >= 0 && first < Math.min(c.length, n)
                            ? ", c[" + first + "] = " + c[first] + " instead of " + expected[first] : "").isEqualTo(-1);
        }
        assertThatThrownBy(() -> ChunkedAdd.addOnPool(processes.pool(), new int[2], new int[3])).as("a and b of different lengths")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- floating point ------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Timeout(60)
    @Hint("Sum each chunk into a partial sum on its own thread, then add the partial sums in chunk order. The result "
            + "may differ from the serial loop in the last bits (it adds in another order), but every value counts once, "
            + "and the same call gives the same bits every time.")
    void sumDoubles_matches_the_serial_sum_up_to_rounding_and_is_reproducible(TestReporter reporter) {
        for (int n : new int[] {0, 1, 2, 3, 1_001, 100_000 + random.nextInt(900_000)}) {
            for (int threads : new int[] {1, 2, 3, 4, 7}) {
                double[] values = random.doubles(n, -1, 1).toArray();
                double serial = DoubleStream.of(values).reduce(0, Double::sum);
                double magnitude = DoubleStream.of(values).map(Math::abs).sum();
                double parallel = DoubleSum.sumDoubles(values, threads);
                assertThat(parallel).as("sumDoubles of %d doubles on %d threads vs the serial loop", n, threads)
                        .isCloseTo(serial, within(1e-12 * Math.max(1, magnitude)));
                assertThat(Double.doubleToLongBits(DoubleSum.sumDoubles(values, threads)))
                        .as("sumDoubles of the same %d doubles on %d threads, twice: the same bits", n, threads)
                        .isEqualTo(Double.doubleToLongBits(parallel));
            }
            double[] ones = DoubleStream.generate(() -> 1.0).limit(n).toArray();
            assertThat(DoubleSum.sumDoubles(ones, 3)).as("sumDoubles of %d ones (exact in floating point)", n).isEqualTo((double) n);
        }
        // Figures for the lesson: the serial loop and the chunked sum of 10^6 times 0.1 differ in the last bits.
        double[] tenths = DoubleStream.generate(() -> 0.1).limit(1_000_000).toArray();
        double serial = DoubleStream.of(tenths).reduce(0, Double::sum);
        double chunked = DoubleSum.sumDoubles(tenths, 2);
        reporter.publishEntry("10^6 x 0.1", String.format(java.util.Locale.ROOT, "serial %.17g, 2 chunks %.17g, %+d ulp",
                serial, chunked, Double.doubleToLongBits(chunked) - Double.doubleToLongBits(serial)));
    }

    // ---- speedup -------------------------------------------------------------------------------------------------

    static final int SERIES_N = 500_000;

    @Test
    @Tag("timing")
    @Points(4)
    @Timeout(180)
    @RequiresCores(2)
    @Hint("Each worker must compute the series over its own chunk at the same time as the other (mapChunksOnPool: "
            + "every chunk submitted before any result is awaited), and only the partial sums travel back.")
    void seriesOnPool_on_two_workers_beats_the_serial_loop(TestReporter reporter) throws Exception {
        double expected = Series.series(0, SERIES_N);
        assertThat(Series.seriesOnPool(processes.pool(), SERIES_N)).as("seriesOnPool(pool, %d) vs series(0, %d)", SERIES_N, SERIES_N)
                .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
        assertThat(Series.seriesOnPool(processes.pool(), 0)).as("seriesOnPool(pool, 0)").isEqualTo(0.0);
        assertThat(Series.seriesOnPool(processes.pool(), 1)).as("seriesOnPool(pool, 1)").isEqualTo(Series.term(0));
        // Where the work runs: this JVM's own CPU time during the call. The serial loop costs it the whole series; a
        // series computed in the workers costs it almost nothing (sending two chunks, adding two doubles).
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long serialCpu = Long.MAX_VALUE;
        long poolCpu = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = os.getProcessCpuTime();
            Series.series(0, SERIES_N);
            long between = os.getProcessCpuTime();
            Series.seriesOnPool(processes.pool(), SERIES_N);
            long after = os.getProcessCpuTime();
            serialCpu = Math.min(serialCpu, between - before);
            poolCpu = Math.min(poolCpu, after - between);
        }
        reporter.publishEntry("CPU time of this JVM", "serial " + serialCpu / 1_000_000 + " ms, seriesOnPool " + poolCpu / 1_000_000 + " ms");
        assertThat(poolCpu).as("CPU time this JVM spent in seriesOnPool (%d ms) against the serial loop (%d ms): the series must "
                + "be computed in the worker processes", poolCpu / 1_000_000, serialCpu / 1_000_000).isLessThan(serialCpu / 3);
        SpeedupCheck.of("serial", () -> Series.series(0, SERIES_N),
                        "2 worker processes", () -> Series.seriesOnPool(processes.pool(), SERIES_N))
                .reportTo(reporter)
                .atLeast(Speedup.CPU_BOUND);
    }
}
