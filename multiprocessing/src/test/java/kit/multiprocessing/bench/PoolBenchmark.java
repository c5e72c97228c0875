package kit.multiprocessing.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kit.multiprocessing.Pool;
import kit.multiprocessing.SharedMemory;

/**
 * The pool's figures for 1, 2 and 4 workers, and (when {@code python3} is on the PATH) the same experiments
 * through Python's {@code multiprocessing.Pool} in the same run, with the ratio kit / Python:
 * pool start plus its first task (cold, and with {@link Pool#keepSpareWorkers spare workers} booted ahead), the round trip of one tiny task, a map of 10,000 tiny tasks, the speedup
 * of a CPU-bound starmap, and an 80 MB {@code long[]} sent to a worker and back. Every figure is a median.
 *
 * <p>Run: {@code ./mvnw -q -pl multiprocessing test-compile exec:exec@pool-bench} (see README).
 * Options (system properties): {@code -Dbench.quick=true} for a short run, {@code -Dbench.python=false}
 * to skip Python.
 */
public final class PoolBenchmark {
    private static final boolean QUICK = Boolean.getBoolean("bench.quick");
    /** Collatz numbers 1..N: about 0.8 s of CPU serially on the 2-core course machine. */
    private static final long N = Long.getLong("bench.n", QUICK ? 1_000_000L : 4_000_000L);
    private static final int CHUNKS = 8;
    private static final int[] WORKERS = {1, 2, 4};
    private static final int MAP_ITEMS = 10_000;
    private static final int ARRAY_LENGTH = 10_000_000;

    /** figure name -> workers -> seconds (or a ratio for speedups), kit and Python. */
    private static final Map<String, Map<Integer, Double>> KIT = new LinkedHashMap<>();
    private static final Map<String, Map<Integer, Double>> PYTHON = new LinkedHashMap<>();

    private PoolBenchmark() {
    }

    /** Total Collatz steps of the numbers in [from, to): pure CPU work whose result is used. */
    static long collatzSteps(long from, long to) {
        long total = 0;
        for (long start = from; start < to; start++) {
            long x = start;
            while (x != 1) {
                x = (x & 1) == 0 ? x >>> 1 : 3 * x + 1;
                total++;
            }
        }
        return total;
    }

    static int inc(int x) {
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("java %s, %d cores, load average %.2f%n", Runtime.version(), cores, load());
        try (Pool warm = new Pool(1)) {             // load the pool's classes in this JVM once
            warm.submit(PoolBenchmark::inc, 1).get();
        }
        long expected = serial();                    // and JIT-compile the serial loop
        for (int workers : WORKERS) {
            startAndFirstTask(workers);
            startAndFirstTaskWithSpares(workers);
            try (Pool pool = new Pool(workers)) {
                roundTrip(pool);
                map(pool);
                array(pool);
                starmapSpeedup(pool, expected);
            }
        }
        System.out.printf("load average after the kit's part: %.2f%n", load());
        if (!"false".equals(System.getProperty("bench.python"))) {
            python();
        }
        table();
    }

    private static void startAndFirstTask(int workers) throws Exception {
        int rounds = QUICK ? 3 : 9;
        long[] start = new long[rounds];
        long[] close = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            Pool pool = new Pool(workers);
            pool.submit(PoolBenchmark::inc, 1).get();
            long t1 = System.nanoTime();
            pool.close();
            start[r] = t1 - t0;
            close[r] = System.nanoTime() - t1;
        }
        record("start_first", workers, median(start) / 1e9);
        System.out.printf("%d worker(s): pool start + first task %.1f ms (min %.1f, max %.1f), close %.1f ms%n",
                workers, median(start) / 1e6, min(start) / 1e6, max(start) / 1e6, median(close) / 1e6);
    }

    /**
     * The same with {@link Pool#keepSpareWorkers}: each pool takes the spares booted when the previous one closed.
     * Between rounds the benchmark waits (untimed) until they are ready, as a program does that works between pools.
     */
    private static void startAndFirstTaskWithSpares(int workers) throws Exception {
        int rounds = QUICK ? 3 : 9;
        long[] start = new long[rounds];
        Pool.keepSpareWorkers(workers);
        try {
            new Pool(workers).close();                 // its close boots the first spares
            for (int r = 0; r < rounds; r++) {
                awaitSpares(workers);
                long t0 = System.nanoTime();
                Pool pool = new Pool(workers);
                pool.submit(PoolBenchmark::inc, 1).get();
                start[r] = System.nanoTime() - t0;
                pool.close();
            }
        } finally {
            Pool.keepSpareWorkers(0);
        }
        record("start_first_spares", workers, median(start) / 1e9);
        System.out.printf("%d worker(s), spares ready: pool start + first task %.1f ms (min %.1f, max %.1f)%n",
                workers, median(start) / 1e6, min(start) / 1e6, max(start) / 1e6);
    }

    /** Until the spares have said hello: a pool started now waits for no JVM to boot. */
    private static void awaitSpares(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (kit.multiprocessing.BenchAccess.readySpares() >= count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the spares were not ready within 30 s");
    }

    private static void roundTrip(Pool pool) throws Exception {
        int n = QUICK ? 2_000 : 10_000;
        long[] rt = new long[n];
        for (int round = 0; round < 2; round++) {       // round 0 warms both JVMs up
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                pool.submit(PoolBenchmark::inc, i).get();
                rt[i] = System.nanoTime() - s;
            }
        }
        Arrays.sort(rt);
        record("round_trip", pool.size(), rt[n / 2] / 1e9);
        System.out.printf("  round trip of a tiny task: %.1f µs (p10 %.1f, p90 %.1f)%n",
                rt[n / 2] / 1e3, rt[n / 10] / 1e3, rt[n * 9 / 10] / 1e3);
    }

    /**
     * A map of 10,000 tiny items: {@code pool.map} (in chunks) on its own, first while the JIT still compiles its path
     * in both JVMs, then in the steady state after 40 more calls (the figure compared with Python, which has no JIT to
     * warm up); then one {@code submit} per item. Each variant is timed on its own, so neither one's JIT profile is
     * polluted by the other's.
     */
    private static void map(Pool pool) throws Exception {
        List<Integer> items = new ArrayList<>(MAP_ITEMS);
        for (int i = 0; i < MAP_ITEMS; i++) {
            items.add(i);
        }
        int rounds = QUICK ? 5 : 21;
        long[] warming = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            checkMap(pool.map(PoolBenchmark::inc, items));
            warming[r] = System.nanoTime() - t0;
        }
        for (int r = 0; r < 40; r++) {
            checkMap(pool.map(PoolBenchmark::inc, items));
        }
        long[] steady = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            checkMap(pool.map(PoolBenchmark::inc, items));
            steady[r] = System.nanoTime() - t0;
        }
        long[] perItem = new long[rounds];
        for (int r = -2; r < rounds; r++) {              // r < 0: warm-up
            long t0 = System.nanoTime();
            checkMap(submitEach(pool, items));
            if (r >= 0) {
                perItem[r] = System.nanoTime() - t0;
            }
        }
        record("map_10000", pool.size(), median(steady) / 1e9);
        System.out.printf("  map of %d tiny tasks: pool.map %.1f ms (its first %d calls: %.1f ms); one submit per item %.1f ms%n",
                MAP_ITEMS, median(steady) / 1e6, rounds, median(warming) / 1e6, median(perItem) / 1e6);
    }

    private static List<Integer> submitEach(Pool pool, List<Integer> items) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>(items.size());
        for (Integer item : items) {
            futures.add(pool.submit(PoolBenchmark::inc, item));
        }
        List<Integer> results = new ArrayList<>(items.size());
        for (Future<Integer> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private static void checkMap(List<Integer> results) {
        for (int i = 0; i < MAP_ITEMS; i++) {
            if (results.get(i) != i + 1) {
                throw new AssertionError("map: item " + i + " gave " + results.get(i));
            }
        }
    }

    private static void array(Pool pool) throws Exception {
        long[] big = new long[ARRAY_LENGTH];
        Arrays.setAll(big, i -> i);
        int rounds = QUICK ? 3 : 7;
        long[] times = new long[rounds];
        for (int r = -1; r < rounds; r++) {
            long t0 = System.nanoTime();
            long[] back = pool.submit((long[] a) -> a, big).get();
            long t = System.nanoTime() - t0;
            if (back.length != ARRAY_LENGTH || back[ARRAY_LENGTH - 1] != ARRAY_LENGTH - 1) {
                throw new AssertionError("80 MB round trip came back wrong");
            }
            if (r >= 0) {
                times[r] = t;
            }
        }
        record("array_80mb", pool.size(), median(times) / 1e9);
        long[] fresh = new long[rounds];
        long[] reused = new long[rounds];
        try (SharedMemory block = SharedMemory.create(ARRAY_LENGTH * (long) Long.BYTES)) {
            for (int r = -1; r < rounds; r++) {
                long t0 = System.nanoTime();
                try (SharedMemory once = SharedMemory.create(ARRAY_LENGTH * (long) Long.BYTES)) {
                    throughSharedMemory(pool, once, big);
                    once.unlink();
                }
                long t1 = System.nanoTime();
                throughSharedMemory(pool, block, big);
                if (r >= 0) {
                    fresh[r] = t1 - t0;
                    reused[r] = System.nanoTime() - t1;
                }
            }
            block.unlink();
        }
        System.out.printf("  80 MB long[] to a worker and back: pipe %.1f ms; shared memory %.1f ms (a new block each"
                + " time: %.1f ms)%n", median(times) / 1e6, median(reused) / 1e6, median(fresh) / 1e6);
    }

    /** The array into shared memory, a worker copies it out and back in, we copy it out: the pipe's work by hand. */
    private static void throughSharedMemory(Pool pool, SharedMemory shm, long[] big) throws Exception {
        shm.putLongs(0, big);
        String name = shm.name();
        pool.submit(() -> {
            long[] copy = new long[ARRAY_LENGTH];
            try (SharedMemory there = SharedMemory.attach(name)) {
                there.getLongs(0, copy);
                there.putLongs(0, copy);
            }
            return copy.length;
        }).get();
        long[] back = new long[ARRAY_LENGTH];
        shm.getLongs(0, back);
        if (back[ARRAY_LENGTH - 1] != ARRAY_LENGTH - 1) {
            throw new AssertionError("80 MB through shared memory came back wrong");
        }
    }

    private static long[][] chunks() {
        long[][] chunks = new long[CHUNKS][];
        for (int i = 0; i < CHUNKS; i++) {
            chunks[i] = new long[] {1 + N * i / CHUNKS, 1 + N * (i + 1) / CHUNKS};
        }
        return chunks;
    }

    private static long serial() {
        long total = 0;
        for (long[] c : chunks()) {
            total += collatzSteps(c[0], c[1]);
        }
        return total;
    }

    /** starmap(collatzSteps, chunks) on the pool, then the sum. */
    private static long parallel(Pool pool) throws Exception {
        List<Map.Entry<Long, Long>> args = new ArrayList<>();
        for (long[] c : chunks()) {
            args.add(Map.entry(c[0], c[1]));
        }
        long total = 0;
        for (long steps : pool.starmap(PoolBenchmark::collatzSteps, args)) {
            total += steps;
        }
        return total;
    }

    private static void starmapSpeedup(Pool pool, long expected) throws Exception {
        int rounds = QUICK ? 3 : 5;
        long[] serial = new long[rounds];
        long[] parallel = new long[rounds];
        check(parallel(pool), expected);                   // warm the workers' JIT up
        for (int r = 0; r < rounds; r++) {                 // alternate: a busy moment hurts both alike
            long t0 = System.nanoTime();
            check(serial(), expected);
            long t1 = System.nanoTime();
            check(parallel(pool), expected);
            serial[r] = t1 - t0;
            parallel[r] = System.nanoTime() - t1;
        }
        double speedup = (double) median(serial) / median(parallel);
        record("starmap_speedup", pool.size(), speedup);
        System.out.printf("  CPU-bound starmap (Collatz 1..%d, %d chunks): serial %.3f s, pool %.3f s, speedup %.2fx%n",
                N, CHUNKS, median(serial) / 1e9, median(parallel) / 1e9, speedup);
    }

    /** Runs src/test/python/pool_bench.py, if python3 and numpy are there, and records its figures. */
    private static void python() throws Exception {
        File script = new File(System.getProperty("bench.script", "src/test/python/pool_bench.py"));
        ProcessBuilder builder = new ProcessBuilder("python3", script.getPath(), QUICK ? "quick" : "full");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process python;
        try {
            python = builder.start();
        } catch (java.io.IOException e) {
            System.out.println("python3 is not on the PATH: no comparison with Python (" + e.getMessage() + ")");
            return;
        }
        System.out.printf("Python's multiprocessing.Pool on the same experiments (%s):%n", script);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.trim().split(" ");
                if (f.length == 3) {
                    PYTHON.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
                }
                System.out.println("  " + line);
            }
        }
        if (!python.waitFor(10, TimeUnit.MINUTES) || python.exitValue() != 0) {
            System.out.println("python3 failed (exit " + python.exitValue() + "), e.g. no numpy: its figures are incomplete");
        }
        System.out.printf("load average after Python's part: %.2f%n", load());
    }

    private static void table() {
        System.out.println();
        System.out.println("| figure | workers | kit | Python | kit / Python |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, Map<Integer, Double>> e : KIT.entrySet()) {
            for (Map.Entry<Integer, Double> w : e.getValue().entrySet()) {
                // A pool that takes spares is compared with Python's pool start too: a forkserver does the same.
                String python = e.getKey().equals("start_first_spares") ? "start_first" : e.getKey();
                Double py = PYTHON.getOrDefault(python, Map.of()).get(w.getKey());
                System.out.printf("| %s | %d | %s | %s | %s |%n", e.getKey(), w.getKey(), show(e.getKey(), w.getValue()),
                        py == null ? "-" : show(e.getKey(), py), py == null ? "-" : String.format("%.2f", w.getValue() / py));
            }
        }
    }

    private static String show(String figure, double value) {
        if (figure.endsWith("speedup")) {
            return String.format("%.2fx", value);
        }
        return value < 1e-3 ? String.format("%.1f µs", value * 1e6) : String.format("%.1f ms", value * 1e3);
    }

    private static void record(String figure, int workers, double value) {
        KIT.computeIfAbsent(figure, k -> new LinkedHashMap<>()).put(workers, value);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError("result " + actual + " != " + expected);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
