package lessons.races;

import kit.grader.Hint;
import kit.grader.Lesson;
import kit.grader.Points;
import kit.grader.timing.RequiresCores;
import kit.races.JcstressGrade;
import kit.races.RaceCatalog;
import kit.races.RaceResult;
import kit.races.jcstress.Races_01_MyObject;
import kit.races.jcstress.Races_02_LostUpdates;
import kit.races.jcstress.Races_03_ArrayWrites;
import kit.races.jcstress.Races_04_CheckThenAct;
import kit.races.jcstress.Races_05_Publication;
import kit.races.jcstress.Races_06_Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lesson 3, races, proven by jcstress: ONE jcstress run (in {@link #runJcstress()}) over every test of
 * {@link RaceCatalog}, then one graded test per fix. A fix earns its points when jcstress ran it and saw
 * no forbidden outcome; each test also reports how the given racy version did in the same run.
 *
 * <p>jcstress runs in a child JVM on this JVM's class path, so it tests exactly the lesson classes these
 * tests see: exercises/ by default, solutions/ with -Psolutions. It needs two CPUs (two actors at once);
 * on one CPU these tests are skipped, not failed.
 *
 * <p>Graded against the reference solutions (the kit's own run), each fix also requires its racy
 * counterpart to have shown its race in the same run: a run that cannot catch the racy version proves
 * nothing about the fix.
 *
 * <p>Timeouts: the shared jcstress run happens in {@link #runJcstress()}, which has 7 minutes (about 1 to 2
 * minutes on 2 cores, more when a broken fix leaves a reader spinning: 30 s per fork); each test then only
 * reads its result. The grader gives the lesson's JVM the sum of these timeouts plus a minute.
 */
@Lesson(id = "03", title = "Races")
@RequiresCores(2)
class RacesJcstressTest {

    /**
     * The kit's own run: graded against the reference solutions (the lesson classes come from solutions/).
     * A student's repository has no solutions/, so this is never on there.
     */
    private static final boolean KIT_CHECKS = gradedAgainstSolutions();
    private static Map<String, RaceResult> results;
    private static String runSummary;
    private static boolean runSummaryPublished;

    static boolean gradedAgainstSolutions() {
        try {
            var source = MyObject.class.getProtectionDomain().getCodeSource();
            String where = source == null ? "" : source.getLocation().getPath().replace('\\', '/');
            return where.contains("/solutions/target/") || where.matches(".*/solutions-[^/]*\\.jar$");
        } catch (SecurityException e) {
            return false;
        }
    }

    @BeforeAll
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    static void runJcstress() throws Exception {
        JcstressGrade.Run run = JcstressGrade.run(
                JcstressGrade.Launch.classpath(System.getProperty("java.class.path")),
                RaceCatalog.ENTRIES, "kit\\.races\\.jcstress\\.", JcstressGrade.DEFAULT_OPTIONS,
                Path.of("target", "jcstress-run"), Duration.ofMinutes(6));
        results = run.results().stream().collect(Collectors.toMap(RaceResult::testName, Function.identity()));
        runSummary = String.format("%.1f s, exit code %d, output in %s",
                run.duration().toMillis() / 1000.0, run.exitCode(), run.outputFile().toAbsolutePath());
        System.out.print(JcstressGrade.table(run));
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("LatchedMyObject: write() writes and then opens the latch (countDown); read() waits (await) and then reads.")
    void latchedMyObject_never_reads_before_the_write(TestInfo test, TestReporter reporter) {
        check(Races_01_MyObject.Latched.class, Races_01_MyObject.Racy.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("SynchronizedCounter: count++ inside synchronized (this), and get() under the same lock.")
    void synchronizedCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(Races_02_LostUpdates.Synchronized.class, Races_02_LostUpdates.Plain.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("AtomicCounter: an AtomicLong field and incrementAndGet().")
    void atomicCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(Races_02_LostUpdates.Atomic.class, Races_02_LostUpdates.Plain.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LongAdderCounter: a LongAdder field, increment() and sum().")
    void longAdderCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(Races_02_LostUpdates.Adder.class, Races_02_LostUpdates.Plain.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("ChunkOwnedResults: worker w writes only into its own chunk, at its own cursor filled[w]; nothing is shared.")
    void chunkOwnedResults_never_loses_or_misplaces_a_result(TestInfo test, TestReporter reporter) {
        check(Races_03_ArrayWrites.ChunkOwned.class, Races_03_ArrayWrites.SharedCursor.class, test, reporter);
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("SafeAccount: the check (balance >= amount) and the subtraction under one lock.")
    void safeAccount_never_pays_out_twice(TestInfo test, TestReporter reporter) {
        check(Races_04_CheckThenAct.SafeWithdraw.class, Races_04_CheckThenAct.RacyWithdraw.class, test, reporter);
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("AtomicSeatRegistry: putIfAbsent(seat, owner) == null, one atomic step instead of containsKey + put.")
    void atomicSeatRegistry_never_gives_a_seat_twice(TestInfo test, TestReporter reporter) {
        check(Races_04_CheckThenAct.AtomicClaim.class, Races_04_CheckThenAct.RacyClaim.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("VolatileFlagResult: a volatile ready flag, set after the result is stored and read before the result is.")
    void volatileFlagResult_never_shows_the_flag_without_the_result(TestInfo test, TestReporter reporter) {
        check(Races_05_Publication.VolatileFlag.class, Races_05_Publication.PlainFlag.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LatchResult: store the result, then countDown(); poll() returns it only after await(0, NANOSECONDS) is true.")
    void latchResult_never_shows_the_latch_open_without_the_result(TestInfo test, TestReporter reporter) {
        check(Races_05_Publication.Latch.class, Races_05_Publication.PlainFlag.class, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("VolatileFlagResult: a plain flag may be read once, before the loop, and never again; a volatile one is read every time.")
    void volatileFlagResult_lets_a_spinning_reader_finish(TestInfo test, TestReporter reporter) {
        check(Races_06_Progress.VolatileFlagSpin.class, null, test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LatchResult: publish() must count the latch down, and poll() must look at the latch on every call.")
    void latchResult_lets_a_spinning_reader_finish(TestInfo test, TestReporter reporter) {
        check(Races_06_Progress.LatchSpin.class, null, test, reporter);
    }

    /**
     * Passes when jcstress ran {@code fix} and saw nothing forbidden; reports what {@code racy} (if any) showed.
     * The spin tests have no racy counterpart in the run: a reader stuck on a plain flag costs 30 s.
     */
    private static void check(Class<?> fix, Class<?> racy, TestInfo test, TestReporter reporter) {
        RaceResult result = results.get(fix.getCanonicalName());
        RaceResult demo = racy == null ? null : results.get(racy.getCanonicalName());
        if (result == null) {
            throw new IllegalStateException(fix.getCanonicalName() + " is not in RaceCatalog: the kit is broken");
        }
        if (KIT_CHECKS) {
            // The points here are the grade; RaceCatalog repeats them for the command-line runner.
            int points = test.getTestMethod().orElseThrow().getAnnotation(Points.class).value();
            if (points != result.maxPoints()) {
                throw new IllegalStateException("@Points(" + points + ") here, but RaceCatalog gives "
                        + fix.getCanonicalName() + " " + result.maxPoints() + " points: make them agree");
            }
        }
        reporter.publishEntry("jcstress samples", String.format("%,d", result.samples()));
        if (demo != null) {
            reporter.publishEntry("racy " + racy.getSimpleName(), demo.message());
        }
        if (!runSummaryPublished) {
            runSummaryPublished = true;
            reporter.publishEntry("jcstress run", runSummary);
        }

        switch (result.status()) {
            case PASSED -> {
                // Only a run healthy enough to judge: on a machine so busy that the racy version ran a
                // few thousand samples (instead of millions), not seeing its race says nothing.
                if (KIT_CHECKS && racy != null && (demo == null || (!demo.raceObserved() && demo.samples() >= 1_000_000))) {
                    throw new AssertionError("inconclusive: the racy " + racy.getSimpleName()
                            + " did not show its race in this run, so this run could not have caught one in the fix either ("
                            + (demo == null ? "not run" : demo.message()) + ")");
                }
            }
            case FAILED -> throw new AssertionError(result.message());
            case ERROR -> {
                int todo = result.message().indexOf("UnsupportedOperationException: TODO");
                if (todo >= 0) {
                    // The untouched stub: the engine reports it as "Not implemented yet".
                    String rest = result.message().substring(todo + "UnsupportedOperationException: ".length());
                    throw new UnsupportedOperationException(rest.split(" \\| ")[0]);
                }
                throw new IllegalStateException(result.message());
            }
        }
    }
}
