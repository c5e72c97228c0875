package kit.grader.api;

/**
 * The speedup a test demands, scaled to the cores available: {@code 1 + gainPerExtraCore * (min(cores, maxCores) - 1)}.
 *
 * <p>Work that ideally runs {@code c} times faster on {@code c} cores never does on a real machine: other programs
 * share the cores, threads start late, the memory bus is shared. With one other busy program on a 2-core machine,
 * two threads get 4/3 of a core between them while one thread still gets a whole core: a ratio of 1.33, not 2.
 * So the demand is a fraction of the ideal gain per extra core, and stops growing at {@code maxCores} (the threads
 * the work uses, or where a shared CI runner stops being trustworthy). On one core nothing is demanded; speedup
 * tests are skipped there ({@link RequiresCores}).
 *
 * @param gainPerExtraCore how much faster each core beyond the first must make the work (0.3 = 30 %)
 * @param maxCores         the most cores counted
 */
public record Speedup(double gainPerExtraCore, int maxCores) {

    /** The kit's usual demand for CPU-bound work: 1.3x on 2 cores, 1.6x on 3, 1.9x on 4 or more. */
    public static final Speedup CPU_BOUND = new Speedup(0.3, 4);

    public Speedup {
        if (!(gainPerExtraCore > 0 && gainPerExtraCore <= 1)) {
            throw new IllegalArgumentException("gainPerExtraCore must be in (0, 1], was " + gainPerExtraCore);
        }
        if (maxCores < 2) {
            throw new IllegalArgumentException("maxCores must be at least 2, was " + maxCores);
        }
    }

    /** The same gain per core, counted up to {@code cores} only (say, the number of threads the work uses). */
    public Speedup upTo(int cores) {
        return new Speedup(gainPerExtraCore, Math.min(maxCores, cores));
    }

    /** The ratio baseline/candidate a test requires on a machine with {@code cores} cores (1.0 on one core). */
    public double requiredOn(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        return 1 + gainPerExtraCore * (Math.min(cores, maxCores) - 1);
    }
}
