package lessons.chunking;

import kit.multiprocessing.Pool;

import java.util.concurrent.ExecutionException;

/**
 * A compute-heavy reduction: the sum of a series whose terms cost hundreds of operations each and no memory traffic,
 * where only the partial sums travel back, so worker processes beat the serial loop.
 */
public final class Series {

    private Series() {
    }

    /**
     * A compute-heavy term (given): 200 steps of the logistic map {@code x -> 3.7 x (1 - x)} from a start that depends
     * on i. A few hundred floating-point operations that depend on each other, no memory traffic.
     */
    public static double term(int i) {
        double x = 0.1 + (i % 1000) * 0.0008;
        for (int step = 0; step < 200; step++) {
            x = 3.7 * x * (1 - x);
        }
        return x;
    }

    /** The sum of {@link #term}(i) for i in {@code [from, to)}, left to right (given: the serial loop, and a worker's part). */
    public static double series(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += term(i);
        }
        return sum;
    }

    /** The sum of {@link #term}(i) for i in {@code [0, n)}: {@link #series} of each chunk in the pool's workers, partial sums added in chunk order. */
    public static double seriesOnPool(Pool pool, int n) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO: MapChunks.mapChunksOnPool with series over [0, n), then add the partial sums in chunk order");
    }
}
