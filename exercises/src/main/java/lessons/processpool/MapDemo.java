package lessons.processpool;

import kit.multiprocessing.Pool;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Your {@link ProcessPool#map} (one task per item) against the library's {@code pool.map} (chunks of
 * {@code ceil(n / (4 * workers))} items per task) on 10,000 tiny items, alternating, medians of 11 runs.
 * Run it: {@code java -cp exercises/target/classes:multiprocessing/target/classes lessons.processpool.MapDemo}
 * (after {@code ./mvnw -q compile}). Lesson page: docs/lessons/06-process-pool.md
 */
public final class MapDemo {

    static int inc(int x) {
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> items = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        try (Pool pool = new Pool(2)) {
            long[] yours = new long[11];
            long[] library = new long[11];
            for (int round = -2; round < yours.length; round++) {    // two rounds to warm both JVMs up
                long start = System.nanoTime();
                List<Integer> a = ProcessPool.map(pool, MapDemo::inc, items);
                long middle = System.nanoTime();
                List<Integer> b = pool.map(MapDemo::inc, items);
                long end = System.nanoTime();
                if (!a.equals(b)) {
                    throw new AssertionError("the two maps disagree");
                }
                if (round >= 0) {
                    yours[round] = middle - start;
                    library[round] = end - middle;
                }
            }
            Arrays.sort(yours);
            Arrays.sort(library);
            System.out.printf("map of %d tiny items on %d workers: yours %.1f ms (%d tasks), pool.map %.1f ms (chunks of %d)%n",
                    items.size(), pool.size(), yours[5] / 1e6, items.size(), library[5] / 1e6,
                    (items.size() + 4 * pool.size() - 1) / (4 * pool.size()));
        }
    }

    private MapDemo() {
    }
}
