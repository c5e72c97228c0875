package lessons.processpool;

/**
 * CPU-bound work to share out: a checksum of a range of numbers. It returns what it computed, so the JIT cannot
 * drop the loop as unused (a loop whose result nobody reads may be compiled to nothing).
 */
public final class CpuWork {

    private CpuWork() {
    }

    /** A checksum of every i in [from, to): about a nanosecond per number. */
    public static long checksum(long from, long to) {
        long sum = 0;
        for (long i = from; i < to; i++) {
            long x = i * 0x9E3779B97F4A7C15L;
            sum += x ^ (x >>> 29);
        }
        return sum;
    }
}
