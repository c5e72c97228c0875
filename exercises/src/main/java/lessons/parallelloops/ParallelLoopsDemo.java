package lessons.parallelloops;

import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The tutorial's Numba experiments on the JVM: the warm-up of {@code large_sum} and of vector add, then serial
 * against parallel loops, for a compute-heavy element function and for vector add of ten million elements.
 * Run it: {@code java -cp exercises/target/classes lessons.parallelloops.ParallelLoopsDemo} (after {@code ./mvnw -q compile}).
 */
public final class ParallelLoopsDemo {

    public static void main(String[] args) throws Exception {
        System.out.printf("%d cores; a parallel stream runs on the caller and %d ForkJoinPool workers%n",
                Runtime.getRuntime().availableProcessors(), java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());

        WarmUp.Report largeSum = WarmUp.measure(() -> WarmUp.largeSum(100_000), 20, 21);
        System.out.printf("large_sum(10^5): first call %s, steady median %s%n", us(largeSum.firstCallNanos()),
                us(largeSum.steadyMedianNanos()));

        Random random = new Random(1);
        double[] x = random.doubles(10_000_000).toArray();
        double[] y = random.doubles(10_000_000).toArray();
        WarmUp.Report add = WarmUp.measure(() -> ParallelLoops.addSerial(x, y), 5, 11);
        System.out.printf("vector add, 10^7 serial: first call %s, steady median %s%n", ms(add.firstCallNanos()),
                ms(add.steadyMedianNanos()));

        int n = 200_000;
        compare("series, " + n + " elements, map", () -> ParallelLoops.mapSerial(n, Series::element),
                () -> ParallelLoops.mapParallel(n, Series::element));
        compare("series, " + n + " elements, sum", () -> ParallelLoops.sumSerial(n, Series::element),
                () -> ParallelLoops.sumParallel(n, Series::element));
        compare("vector add, 10^7 elements", () -> ParallelLoops.addSerial(x, y), () -> ParallelLoops.addParallel(x, y));
        compare("vector add, a lambda per element", () -> ParallelLoops.addSerial(x, y), () -> addPerElement(x, y));
    }

    /** The first idea for a parallel vector add: a lambda per element, run from the JDK's shared stream loop (see the page). */
    static double[] addPerElement(double[] x, double[] y) {
        double[] z = new double[x.length];
        java.util.stream.IntStream.range(0, z.length).parallel().forEach(i -> z[i] = x[i] + y[i]);
        return z;
    }

    /** Warms both up, then runs them alternately (serial, parallel, serial, ...) and prints the medians. */
    static void compare(String what, Callable<?> serial, Callable<?> parallel) throws Exception {
        Object keep = null;
        for (int i = 0; i < 5; i++) {
            keep = serial.call();
            keep = parallel.call();
        }
        long[] serialNanos = new long[11];
        long[] parallelNanos = new long[11];
        for (int i = 0; i < serialNanos.length; i++) {
            long start = System.nanoTime();
            keep = serial.call();
            serialNanos[i] = System.nanoTime() - start;
            start = System.nanoTime();
            keep = parallel.call();
            parallelNanos[i] = System.nanoTime() - start;
        }
        long serialMedian = WarmUp.median(serialNanos);
        long parallelMedian = WarmUp.median(parallelNanos);
        System.out.printf("%-32s serial %s, parallel %s: %.2fx%s%n", what, ms(serialMedian), ms(parallelMedian),
                (double) serialMedian / parallelMedian, keep == null ? "" : "");
    }

    static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    static String us(long nanos) {
        return String.format("%.1f us", nanos / 1e3);
    }

    private ParallelLoopsDemo() {
    }
}
