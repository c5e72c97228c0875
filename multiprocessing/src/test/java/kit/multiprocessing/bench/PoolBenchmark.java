package kit.multiprocessing.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import kit.multiprocessing.Pool;

/**
 * Prints the pool's start-up time, tiny-task round trip and throughput, and the speedup of a
 * CPU-bound starmap-like workload over the serial loop. Every figure is a median over several runs;
 * variants are alternated so that a busy machine hurts them alike.
 *
 * <p>Run: {@code mvn -q -pl multiprocessing test-compile exec:exec@pool-bench} (see README).
 * Options (system properties): {@code -Dbench.quick=true} for a short run.
 */
public final class PoolBenchmark {
    private static final boolean QUICK = Boolean.getBoolean("bench.quick");
    /** Collatz numbers 1..N: at least 2 s of CPU serially on the 2-core course machine (2.3 s in the README). */
    private static final long N = Long.getLong("bench.n", QUICK ? 2_000_000L : 12_000_000L);
    private static final int CHUNKS = 8;

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

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("java %s, %d cores, load average %.2f%n", Runtime.version(), cores,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        startUp();
        tinyTasks();
        cpuBound();
    }

    private static void startUp() {
        int rounds = QUICK ? 3 : 9;
        int[] sizes = {1, 2, 4};
        long[][] startNanos = new long[sizes.length][rounds];
        long[][] closeNanos = new long[sizes.length][rounds];
        try (Pool warm = new Pool(1)) {
            warm.workerPids(); // load the pool's classes in this JVM once
        }
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < sizes.length; s++) {
                long t0 = System.nanoTime();
                Pool pool = new Pool(sizes[s]);
                long t1 = System.nanoTime();
                pool.close();
                long t2 = System.nanoTime();
                startNanos[s][r] = t1 - t0;
                closeNanos[s][r] = t2 - t1;
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            System.out.printf("pool start, %d worker%s: median %6.1f ms (min %.1f, max %.1f); close %.1f ms%n",
                    sizes[s], sizes[s] == 1 ? " " : "s", median(startNanos[s]) / 1e6, min(startNanos[s]) / 1e6,
                    max(startNanos[s]) / 1e6, median(closeNanos[s]) / 1e6);
        }
    }

    private static void tinyTasks() throws Exception {
        try (Pool pool = new Pool(2)) {
            long t0 = System.nanoTime();
            int first = pool.submit(() -> 1).get();
            System.out.printf("first task on a fresh pool: %.1f ms%n", (System.nanoTime() - t0) / 1e6 + first * 0);
            int n = QUICK ? 5_000 : 20_000;
            long[] rt = new long[n];
            for (int round = 0; round < 2; round++) {       // round 0 warms both JVMs up
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    pool.submit(() -> 1).get();
                    rt[i] = System.nanoTime() - s;
                }
            }
            Arrays.sort(rt);
            System.out.printf("tiny task round trip (submit + get, one at a time): median %.1f µs, p10 %.1f, p90 %.1f%n",
                    rt[n / 2] / 1e3, rt[n / 10] / 1e3, rt[n * 9 / 10] / 1e3);

            int batch = QUICK ? 10_000 : 50_000;
            long[] rates = new long[QUICK ? 3 : 7];
            for (int r = -1; r < rates.length; r++) {        // r = -1 is a warm-up
                long s = System.nanoTime();
                List<Future<Integer>> futures = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    int x = i;
                    futures.add(pool.submit(() -> x));
                }
                long sum = 0;
                for (Future<Integer> f : futures) {
                    sum += f.get();
                }
                if (sum != (long) batch * (batch - 1) / 2) {
                    throw new AssertionError("wrong sum " + sum);
                }
                if (r >= 0) {
                    rates[r] = (long) (batch / ((System.nanoTime() - s) / 1e9));
                }
            }
            System.out.printf("tiny task throughput, 2 workers, %d tasks submitted at once: median %d tasks/s%n",
                    batch, median(rates));
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
        List<Future<Long>> futures = new ArrayList<>();
        for (long[] c : chunks()) {
            futures.add(pool.submit(PoolBenchmark::collatzSteps, c[0], c[1]));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        return total;
    }

    private static void cpuBound() throws Exception {
        int workers = 2;
        int rounds = QUICK ? 3 : 5;
        long expected = serial();                          // warms the serial loop up (JIT)
        long[] serial = new long[rounds];
        long[] warmPool = new long[rounds];
        long[] withStart = new long[rounds];
        try (Pool pool = new Pool(workers)) {
            check(parallel(pool), expected);               // warm the workers up too
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                check(serial(), expected);
                long t1 = System.nanoTime();
                check(parallel(pool), expected);
                long t2 = System.nanoTime();
                serial[r] = t1 - t0;
                warmPool[r] = t2 - t1;
            }
        }
        for (int r = 0; r < rounds; r++) {                 // a fresh pool each time: start-up and cold JIT count
            long t0 = System.nanoTime();
            try (Pool pool = new Pool(workers)) {
                check(parallel(pool), expected);
                withStart[r] = System.nanoTime() - t0;
            }
        }
        double s = median(serial) / 1e9;
        double p = median(warmPool) / 1e9;
        double ps = median(withStart) / 1e9;
        System.out.printf("CPU-bound starmap (Collatz steps of 1..%d in %d chunks): serial %.3f s%n", N, CHUNKS, s);
        System.out.printf("  %d workers, pool already started: %.3f s, speedup %.2fx%n", workers, p, s / p);
        System.out.printf("  %d workers, including the pool's start: %.3f s, speedup %.2fx%n", workers, ps, s / ps);
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
