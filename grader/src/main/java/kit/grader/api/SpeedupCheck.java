package kit.grader.api;

import org.junit.jupiter.api.TestReporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Compares the speed of two variants of the same work (a baseline, say serial, and a candidate, say parallel) the
 * way the kit's design asks of every timing assertion:
 * <ol>
 *   <li>both variants are warmed up first ({@link #warmUps}), alternating, so the JIT has compiled both;</li>
 *   <li>they then run alternately, baseline, candidate, baseline, ... ({@link #runs} of each), so a burst of load
 *       from another program hits both alike;</li>
 *   <li>the medians of the runs are compared as a ratio {@code baseline / candidate} (above 1: the candidate is
 *       faster), so one run disturbed by a GC or a busy neighbour does not decide;</li>
 *   <li>a failed comparison is measured again, at most {@link #attempts} times in all, and passes if any attempt
 *       does. After a failed attempt of a speedup ({@link #atLeast}) the harness asks the machine what speedup it
 *       can show right now, with work of its own ({@link Reference}); if even that shows none (other programs keep
 *       the cores busy), the attempt does not count: the check pauses and measures again, for at most
 *       {@link #busyBudget} in all. So a parallel candidate is not failed because a neighbour was busy, unless the
 *       machine stays too busy for the whole budget, which the failure message then says;</li>
 *   <li>the required speedup scales with the cores available ({@link Speedup}, {@link Cores}); a gap that comes from
 *       overhead rather than parallelism (a thread per element against a loop) is a fixed ratio instead
 *       ({@link #atLeastRatio}), the same on one core as on many;</li>
 *   <li>the figures (medians, ratio, what was required, attempts) are published to the test's {@link TestReporter},
 *       so they appear in the grade reports whether the test passed or not.</li>
 * </ol>
 * Every result a workload returns is kept where the JIT cannot prove it unused.
 *
 * <p><b>Timing does not prove parallelism.</b> On a shared machine the noise between two medians can reach 40 %, and
 * a program that keeps two threads runnable can get a larger share of the CPU than one that keeps one, even if one
 * thread only waits for a lock. A serial candidate can therefore pass a timing comparison now and then. Check first,
 * without timing, that the candidate's work really runs at the same time (a latch or barrier that only concurrent
 * work can pass, a recording ThreadFactory), and use this check for what only timing can show: that it is faster.
 *
 * <pre>{@code
 * @Test @RequiresCores(2)
 * void parallel_beats_serial(TestReporter reporter) {
 *     SpeedupCheck.of("serial", () -> Loops.sumSerial(n), "parallel", () -> Loops.sumParallel(n))
 *             .reportTo(reporter)
 *             .atLeast(Speedup.CPU_BOUND);
 * }
 * }</pre>
 * Use it only in tests marked {@link RequiresCores}: on one core there is no speedup to demand.
 */
public final class SpeedupCheck {

    public static final int DEFAULT_WARM_UPS = 3;
    public static final int DEFAULT_RUNS = 7;
    public static final int DEFAULT_ATTEMPTS = 3;
    /** How long a speedup check waits, at most, for a machine too busy to show any speedup to calm down. */
    public static final int DEFAULT_BUSY_BUDGET_SECONDS = 120;
    /** A failed speedup attempt only counts if the machine's own reference work reached this much more than required. */
    public static final double CONCLUSIVE_MARGIN = 1.15;
    /**
     * A failed "no speedup" attempt ({@link #atMost}) only counts if the reference work on two threads reached this:
     * each thread then has most of a core. On a busier machine, two threads that take turns behind one lock do get
     * faster than one thread: whenever one of them is not scheduled, the other can take the lock and go on.
     */
    public static final double QUIET_MACHINE = 1.7;

    /** Where every result goes, so that no workload's result is dead code. */
    private static volatile Object sink;

    private final String baselineName;
    private final Workload baseline;
    private final String candidateName;
    private final Workload candidate;
    private int warmUps = DEFAULT_WARM_UPS;
    private int runs = DEFAULT_RUNS;
    private int attempts = DEFAULT_ATTEMPTS;
    private Integer cores;
    private LongSupplier clock = System::nanoTime;
    private TestReporter reporter;
    private String label = "";
    private boolean warm;
    private Workload referenceOne;
    private Workload referenceMany;
    private boolean calibrate = true;
    private long busyBudgetNanos = DEFAULT_BUSY_BUDGET_SECONDS * 1_000_000_000L;
    private long pauseNanos = 2_000_000_000L;
    private Pause pause = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    private SpeedupCheck(String baselineName, Workload baseline, String candidateName, Workload candidate) {
        this.baselineName = requireName(baselineName);
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.candidateName = requireName(candidateName);
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        if (baselineName.equals(candidateName)) {
            throw new IllegalArgumentException("the two variants need different names, both are '" + baselineName + "'");
        }
    }

    /** A comparison of {@code candidate} against {@code baseline}; names as the report shows them ("serial", "parallel"). */
    public static SpeedupCheck of(String baselineName, Workload baseline, String candidateName, Workload candidate) {
        return new SpeedupCheck(baselineName, baseline, candidateName, candidate);
    }

    /** Untimed runs of each variant before the first attempt (default {@value #DEFAULT_WARM_UPS}). */
    public SpeedupCheck warmUps(int count) {
        this.warmUps = atLeast(count, 0, "warmUps");
        return this;
    }

    /** Timed runs of each variant per attempt (default {@value #DEFAULT_RUNS}; odd counts have a true middle). */
    public SpeedupCheck runs(int count) {
        this.runs = atLeast(count, 1, "runs");
        return this;
    }

    /** The most measurements of the comparison, the first one included (default {@value #DEFAULT_ATTEMPTS}). */
    public SpeedupCheck attempts(int count) {
        this.attempts = atLeast(count, 1, "attempts");
        return this;
    }

    /** The cores to scale the required speedup to (default {@link Cores#available()}). */
    public SpeedupCheck cores(int count) {
        this.cores = atLeast(count, 1, "cores");
        return this;
    }

    /** The clock, in nanoseconds (default {@link System#nanoTime()}; the harness's own tests use a fake one). */
    public SpeedupCheck clock(LongSupplier nanoClock) {
        this.clock = Objects.requireNonNull(nanoClock, "clock");
        return this;
    }

    /** Where the figures go: the test's {@link TestReporter}, whose entries the grader puts into its reports. */
    public SpeedupCheck reportTo(TestReporter testReporter) {
        this.reporter = Objects.requireNonNull(testReporter, "reporter");
        return this;
    }

    /**
     * The harness's own work to ask the machine what speedup it can show (default: {@link Reference}, an arithmetic
     * loop on one thread and split over as many threads as cores are counted). Measured only after a failed attempt.
     */
    public SpeedupCheck reference(Workload oneThread, Workload manyThreads) {
        this.referenceOne = Objects.requireNonNull(oneThread, "oneThread");
        this.referenceMany = Objects.requireNonNull(manyThreads, "manyThreads");
        this.calibrate = true;
        return this;
    }

    /** Counts every failed attempt as failed, however busy the machine (the harness's own tests use it). */
    public SpeedupCheck withoutReference() {
        this.calibrate = false;
        return this;
    }

    /**
     * How long, in all, to wait for a busy machine: attempts in which even the reference work showed no speedup do not
     * count as failed; the check pauses and measures again until this much time has passed since it started.
     */
    public SpeedupCheck busyBudget(java.time.Duration budget, java.time.Duration pauseBetween) {
        this.busyBudgetNanos = budget.toNanos();
        this.pauseNanos = pauseBetween.toNanos();
        return this;
    }

    /** How the check pauses between attempts on a busy machine (default Thread.sleep; the harness's tests fake it). */
    public SpeedupCheck pause(Pause howToPause) {
        this.pause = Objects.requireNonNull(howToPause, "pause");
        return this;
    }

    /** A prefix for the published figures' names, for a test that makes more than one comparison. */
    public SpeedupCheck label(String prefix) {
        this.label = prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ";
        return this;
    }

    /**
     * Passes if the candidate is at least {@code speedup.requiredOn(cores)} times as fast as the baseline in some
     * attempt; otherwise fails with an {@link AssertionError} that gives the figures of the best attempt.
     *
     * @throws IllegalStateException on one core: such a test must be marked {@link RequiresCores}, which skips it
     *                               before it starts
     */
    public SpeedupResult atLeast(Speedup speedup) {
        Objects.requireNonNull(speedup, "speedup");
        int coreCount = coreCount();
        if (coreCount < 2) {
            throw new IllegalStateException("a speedup needs at least 2 cores and " + Cores.source() + " gives "
                    + coreCount + ": mark the test @RequiresCores(2) so that it is skipped before it starts");
        }
        return compare(Bound.AT_LEAST, speedup.requiredOn(coreCount), coreCount);
    }

    /**
     * Passes if the candidate is at least {@code minRatio} times as fast as the baseline in some attempt, on any number
     * of cores: for a gap that comes from overhead, not from parallelism (a thread started per element against a plain
     * loop), which one core shows as well as many. The ratio is not scaled to the cores, needs no {@link RequiresCores},
     * and a failed attempt always counts: the machine's reference work, which shows what parallel work can gain, says
     * nothing about overhead. Otherwise fails with the figures of the attempt that came closest.
     */
    public SpeedupResult atLeastRatio(double minRatio) {
        if (!(minRatio > 0) || Double.isInfinite(minRatio)) {
            throw new IllegalArgumentException("minRatio must be a positive number, was " + minRatio);
        }
        return compare(Bound.AT_LEAST_FIXED, minRatio, coreCount());
    }

    /**
     * Passes if the candidate is less than {@code maxRatio} times as fast as the baseline in some attempt (it shows no
     * real speedup); otherwise fails with the figures of the attempt that came closest. A failed attempt counts only if
     * the machine was quiet enough just after it ({@link #QUIET_MACHINE}); otherwise the check pauses and measures
     * again, within {@link #busyBudget}.
     */
    public SpeedupResult atMost(double maxRatio) {
        if (!(maxRatio > 0) || Double.isInfinite(maxRatio)) {
            throw new IllegalArgumentException("maxRatio must be a positive number, was " + maxRatio);
        }
        return compare(Bound.BELOW, maxRatio, coreCount());
    }

    /** One attempt, published and returned, with nothing demanded: figures for a lesson, not a verdict. */
    public Measurement measure() {
        Measurement measurement = attempt();
        publish(measurement, null, 1);
        return measurement;
    }

    // ---------------------------------------------------------------------------------------------------------

    private SpeedupResult compare(Bound bound, double limit, int coreCount) {
        List<Measurement> done = new ArrayList<>();
        List<Double> references = new ArrayList<>();
        long started = clock.getAsLong();
        int failed = 0;
        while (true) {
            Measurement measurement = attempt();
            done.add(measurement);
            if (bound.met(measurement.ratio(), limit)) {
                SpeedupResult result = new SpeedupResult(List.copyOf(done), bound, limit, coreCount, true, List.copyOf(references));
                publish(measurement, result, attempts);
                return result;
            }
            if (calibrate && bound.calibrated()) {
                double machine = referenceRatio(coreCount, limit);
                references.add(machine);
                if (!bound.conclusive(machine, limit)) {
                    // The machine itself showed no speedup just now: this attempt proves nothing either way.
                    if (clock.getAsLong() - started + pauseNanos > busyBudgetNanos) {
                        return failed(bound, limit, coreCount, done, references, true);
                    }
                    pause();
                    continue;
                }
            }
            failed++;
            if (failed >= attempts) {
                return failed(bound, limit, coreCount, done, references, false);
            }
        }
    }

    private SpeedupResult failed(Bound bound, double limit, int coreCount, List<Measurement> done, List<Double> references,
                          boolean busy) {
        SpeedupResult result = new SpeedupResult(List.copyOf(done), bound, limit, coreCount, false, List.copyOf(references));
        Measurement closest = result.closest();
        publish(closest, result, attempts);
        throw new AssertionError(report().failureMessage(result, closest, busy));
    }

    /** The speedup the reference work shows on this machine now: median of alternating runs, one vs many threads. */
    private double referenceRatio(int coreCount, double limit) {
        Workload one = referenceOne;
        Workload many = referenceMany;
        if (one == null || many == null) {
            // As many threads as the demand counts cores: 2 for a demand capped at 2 (say, work on two threads).
            int threads = Math.max(2, Math.min(coreCount, (int) Math.ceil((limit - 1) / 0.3) + 1));
            one = Reference.oneThread(Reference.DEFAULT_STEPS);
            many = Reference.threads(threads, Reference.DEFAULT_STEPS);
        }
        keep(call(one, "reference"));
        keep(call(many, "reference"));
        int rounds = 5;
        long[] oneNanos = new long[rounds];
        long[] manyNanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            oneNanos[i] = timed(one, "reference");
            manyNanos[i] = timed(many, "reference");
        }
        return Timing.ratio(Timing.median(oneNanos), Timing.median(manyNanos));
    }

    private void pause() {
        try {
            pause.pause(pauseNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a busy machine", e);
        }
    }

    /** Warms up (once per check), then times {@link #runs} alternating runs of each variant. */
    private Measurement attempt() {
        if (!warm) {
            for (int i = 0; i < warmUps; i++) {
                keep(call(baseline, baselineName));
                keep(call(candidate, candidateName));
            }
            warm = true;
        }
        long[] baselineNanos = new long[runs];
        long[] candidateNanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            baselineNanos[i] = timed(baseline, baselineName);
            candidateNanos[i] = timed(candidate, candidateName);
        }
        return new Measurement(baselineNanos, candidateNanos);
    }

    private long timed(Workload workload, String name) {
        long start = clock.getAsLong();
        Object result = call(workload, name);
        long elapsed = clock.getAsLong() - start;
        keep(result);
        return Math.max(0, elapsed);
    }

    private static Object call(Workload workload, String name) {
        try {
            return workload.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " variant threw " + e, e);
        }
    }

    private static void keep(Object result) {
        sink = result;
    }

    private void publish(Measurement measurement, SpeedupResult result, int maxAttempts) {
        if (reporter != null) {
            reporter.publishEntry(report().figures(measurement, result, maxAttempts));
        }
    }

    private SpeedupReport report() {
        return new SpeedupReport(label, baselineName, candidateName, runs, busyBudgetNanos);
    }

    private int coreCount() {
        return cores != null ? cores : Cores.available();
    }

    private static int atLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a variant needs a name, such as \"serial\" or \"parallel\"");
        }
        return name.strip();
    }
}
