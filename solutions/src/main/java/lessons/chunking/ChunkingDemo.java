package lessons.chunking;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The lesson's two experiments. First, the tutorial's chunks ({@code chunk = n // (n_proc - 1)}) for a few n and
 * n_proc: which elements they leave out, and how unbalanced they are, next to {@link Chunks#chunks}. Second, a sum
 * of doubles split into chunks is not bit for bit the serial sum.
 *
 * <p>Run it: {@code java -cp exercises/target/classes:multiprocessing/target/classes lessons.chunking.ChunkingDemo}
 * (after {@code ./mvnw -q compile}), or from your IDE.
 */
public final class ChunkingDemo {

    private ChunkingDemo() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        System.out.println("the tutorial's chunks: chunk = n / (nProc - 1), worker i takes [i*chunk, (i+1)*chunk) cut at n");
        System.out.printf("%6s %6s %6s  %-9s %-22s %s%n", "n", "nProc", "chunk", "covered", "sizes", "balanced: Chunks.chunks");
        int[][] cases = {{200, 8}, {200, 2}, {200, 1}, {10, 8}, {20, 8}, {50, 16}, {5, 8}, {101, 4}, {13, 4}, {1000, 16}};
        for (int[] c : cases) {
            int n = c[0];
            int nProc = c[1];
            String balanced = sizes(Chunks.chunks(n, nProc));
            try {
                List<Chunk> chunks = Chunks.tutorialChunks(n, nProc);
                int covered = chunks.stream().mapToInt(Chunk::size).sum();
                System.out.printf("%6d %6d %6d  %-9s %-22s %s%n", n, nProc, n / (nProc - 1),
                        covered + "/" + n, sizes(chunks), balanced);
            } catch (ArithmeticException e) {
                System.out.printf("%6d %6d %6s  %-9s %-22s %s%n", n, nProc, "-", "-", "ArithmeticException: " + e.getMessage(), balanced);
            }
        }

        System.out.println();
        System.out.println("a sum of doubles, serial and in chunks (partial sums added in chunk order)");
        double[] random = new Random(42).doubles(1_000_000).toArray();
        double[] tenths = new double[1_000_000];
        Arrays.fill(tenths, 0.1);
        for (double[] values : new double[][] {tenths, random}) {
            String what = values == tenths ? "10^6 times 0.1" : "10^6 random doubles in [0, 1), seed 42";
            double serial = DoubleSum.sumRange(values, 0, values.length);
            System.out.printf("  %s%n    serial loop   %.17g%n", what, serial);
            for (int threads : new int[] {2, 3, 4, 8}) {
                double chunked = DoubleSum.sumDoubles(values, threads);
                System.out.printf("    %d chunks      %.17g  (%+d ulp, %.1e relative)%n", threads, chunked,
                        ulps(serial, chunked), Math.abs(chunked - serial) / Math.abs(serial));
            }
            double exact = Arrays.stream(values).sum(); // compensated (Kahan) summation
            System.out.printf("    DoubleStream.sum() %.17g  (compensated)%n", exact);
        }
    }

    static String sizes(List<Chunk> chunks) {
        if (chunks.size() > 8) {
            return chunks.size() + " chunks of " + chunks.stream().mapToInt(Chunk::size).min().orElse(0) + ".."
                    + chunks.stream().mapToInt(Chunk::size).max().orElse(0);
        }
        return chunks.stream().map(c -> String.valueOf(c.size())).toList().toString().replace(" ", "");
    }

    static long ulps(double a, double b) {
        return Double.doubleToLongBits(b) - Double.doubleToLongBits(a);
    }
}
