package kit.multiprocessing.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import kit.multiprocessing.Pool;
import kit.multiprocessing.SharedMemory;

/**
 * Fills a 100 MB buffer of longs and prints medians: one process filling a heap array, one process
 * filling a shared block, and two pool workers each filling half of the shared block (pool already
 * started, each task attaches by name). Two cases: memory used before ("steady": pages already
 * mapped) and fresh memory each time ("first touch": every page costs a page fault, which on a
 * virtual machine dominates).
 *
 * <p>Run: {@code mvn -q -pl multiprocessing test-compile exec:exec@shm-bench}
 */
public final class SharedMemoryBenchmark {
    private static final int BYTES = 100 * 1024 * 1024;
    private static final int LONGS = BYTES / Long.BYTES;

    private SharedMemoryBenchmark() {
    }

    static long value(int i, long seed) {
        return i * 0x9E3779B97F4A7C15L + seed;
    }

    static long fillHeap(long[] a, long seed) {
        for (int i = 0; i < a.length; i++) {
            a[i] = value(i, seed);
        }
        return a[a.length - 1];
    }

    static long fillShared(SharedMemory shm, int from, int to, long seed) {
        for (int i = from; i < to; i++) {
            shm.putLong(i, value(i, seed));
        }
        return shm.getLong(to - 1);
    }

    /** Two workers each attach to the block and fill half of it. */
    static long fillByWorkers(Pool pool, String name, long seed) throws Exception {
        List<Future<Long>> halves = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int from = w * LONGS / 2;
            int to = (w + 1) * LONGS / 2;
            halves.add(pool.submit(() -> {
                try (SharedMemory mine = SharedMemory.attach(name)) {
                    return fillShared(mine, from, to, seed);
                }
            }));
        }
        long check = 0;
        for (Future<Long> f : halves) {
            check += f.get();
        }
        return check;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        // a private folder in /dev/shm: other builds on this machine may clean up /dev/shm/kit-* meanwhile
        java.nio.file.Path base = SharedMemory.directory();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(base, "kitpool-bench-");
        System.setProperty(SharedMemory.DIRECTORY_PROPERTY, dir.toString());   // the pool passes it on
        try {
            run();
        } finally {
            java.nio.file.Files.delete(dir);
        }
    }

    private static void run() throws Exception {
        int rounds = 7;
        long[] heap = new long[LONGS];
        long[][] steady = new long[3][rounds];
        long check = 0;
        try (Pool pool = new Pool(2)) {
            try (SharedMemory shm = SharedMemory.create(BYTES)) {
                try {
                    for (int r = -3; r < rounds; r++) {              // warm-up rounds: JIT, first touch
                        long t0 = System.nanoTime();
                        check += fillHeap(heap, r);
                        long t1 = System.nanoTime();
                        check += fillShared(shm, 0, LONGS, r);
                        long t2 = System.nanoTime();
                        check += fillByWorkers(pool, shm.name(), r + 1);
                        long t3 = System.nanoTime();
                        if (shm.getLong(LONGS - 1) != value(LONGS - 1, r + 1) || shm.getLong(0) != value(0, r + 1)) {
                            throw new AssertionError("the workers' writes are not visible");
                        }
                        if (r >= 0) {
                            steady[0][r] = t1 - t0;
                            steady[1][r] = t2 - t1;
                            steady[2][r] = t3 - t2;
                        }
                    }
                } finally {
                    shm.unlink();
                }
            }
            int freshRounds = 3;
            long[][] fresh = new long[3][freshRounds];
            for (int r = 0; r < freshRounds; r++) {
                long t0 = System.nanoTime();
                long[] a = new long[LONGS];
                check += fillHeap(a, r);
                long t1 = System.nanoTime();
                try (SharedMemory one = SharedMemory.create(BYTES)) {
                    check += fillShared(one, 0, LONGS, r);
                    one.unlink();
                }
                long t2 = System.nanoTime();
                try (SharedMemory two = SharedMemory.create(BYTES)) {
                    check += fillByWorkers(pool, two.name(), r);
                    two.unlink();
                }
                long t3 = System.nanoTime();
                fresh[0][r] = t1 - t0;
                fresh[1][r] = t2 - t1;
                fresh[2][r] = t3 - t2;
                System.gc(); // let the JVM unmap the blocks we dropped
            }
            System.out.printf("fill 100 MB of longs; medians; steady = memory written before, first touch = new memory%n");
            System.out.printf("                                     steady     first touch%n");
            String[] what = {"one process, heap long[]:       ", "one process, shared memory:     ",
                "two pool workers, shared memory:"};
            for (int k = 0; k < 3; k++) {
                System.out.printf("  %s %7.1f ms  %7.1f ms%n", what[k], median(steady[k]) / 1e6, median(fresh[k]) / 1e6);
            }
            System.out.printf("  (the workers' times include submit, attach by name and get; check %d)%n", check & 1);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
