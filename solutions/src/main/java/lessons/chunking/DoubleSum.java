package lessons.chunking;

/**
 * Reproducible rounding: a chunked sum of doubles adds in another order than the serial loop, so it differs from it
 * in the last bits; adding the partial sums in chunk order makes the same call give the same bits every time.
 */
public final class DoubleSum {

    private DoubleSum() {
    }

    /** The sum of {@code values[from .. to)}, left to right (given). */
    public static double sumRange(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    /**
     * The sum of the doubles, a partial sum per chunk on {@code threads} threads, the partial sums added in chunk order.
     * It differs from the serial loop's sum in the last bits (the additions happen in another order), but the same
     * call always gives the same bits.
     */
    public static double sumDoubles(double[] values, int threads) {
        // BEGIN SOLUTION MapChunks.mapChunksOnThreads with sumRange over each chunk, then add the partial sums in chunk order
        double total = 0;
        for (double partial : MapChunks.mapChunksOnThreads(values.length, threads, (from, to) -> sumRange(values, from, to))) {
            total += partial;
        }
        return total;
        // END SOLUTION
    }
}
