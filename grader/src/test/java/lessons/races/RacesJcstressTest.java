package lessons.races;

import kit.grader.api.GradedArtifact;
import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.RequiresCores;
import kit.grader.jcstress.Jcstress;
import kit.grader.jcstress.JudgedByJcstress;
import kit.grader.jcstress.Observation;
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
import java.util.concurrent.TimeUnit;

/**
 * Lesson 3, races, proven by jcstress: ONE jcstress run (in {@link #runJcstress()}) over every jcstress test that the
 * graded tests name in their {@link JudgedByJcstress}, then one graded test per fix. A fix earns its points when
 * jcstress ran it and saw no forbidden outcome; each test also reports how the given racy version did in the same run.
 * The points and hints are the annotations here, and nowhere else.
 *
 * <p>jcstress runs in a child JVM on this JVM's class path, so it tests exactly the lesson classes these
 * tests see: exercises/ by default, solutions/ with -Psolutions. It needs two CPUs (two actors at once);
 * on one CPU these tests are skipped, not failed.
 *
 * <p>Graded against the reference solutions ({@link GradedArtifact#referenceSolutions()}: the build says so, with
 * -Psolutions), each fix also requires its racy counterpart to have shown its race in the same run: a run that cannot
 * catch the racy version proves nothing about the fix.
 *
 * <p>Timeouts: the shared jcstress run happens in {@link #runJcstress()}, which has 7 minutes (about 1 to 2
 * minutes on 2 cores, more when a broken fix leaves a reader spinning: 30 s per fork); each test then only
 * reads its result. The grader gives the lesson's JVM the sum of these timeouts plus a minute.
 */
@Lesson(id = "03", title = "Races")
@RequiresCores(2)
class RacesJcstressTest {

    private static Jcstress.Run run;
    private static boolean runPublished;

    @BeforeAll
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    static void runJcstress() throws Exception {
        run = Jcstress.run(System.getProperty("java.class.path"), Jcstress.testsNamedBy(RacesJcstressTest.class),
                Jcstress.DEFAULT_OPTIONS, Path.of("target", "jcstress-run"), Duration.ofMinutes(6));
        System.out.print("Lesson 03 (races), " + run.table());
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("LatchedMyObject: write() writes and then opens the latch (countDown); read() waits (await) and then reads.")
    @JudgedByJcstress(fix = Races_01_MyObject.Latched.class, racy = Races_01_MyObject.Racy.class)
    void latchedMyObject_never_reads_before_the_write(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("SynchronizedCounter: count++ inside synchronized (this), and get() under the same lock.")
    @JudgedByJcstress(fix = Races_02_LostUpdates.Synchronized.class, racy = Races_02_LostUpdates.Plain.class)
    void synchronizedCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("AtomicCounter: an AtomicLong field and incrementAndGet().")
    @JudgedByJcstress(fix = Races_02_LostUpdates.Atomic.class, racy = Races_02_LostUpdates.Plain.class)
    void atomicCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LongAdderCounter: a LongAdder field, increment() and sum().")
    @JudgedByJcstress(fix = Races_02_LostUpdates.Adder.class, racy = Races_02_LostUpdates.Plain.class)
    void longAdderCounter_never_loses_an_update(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("ChunkOwnedResults: worker w writes only into its own chunk, at its own cursor filled[w]; nothing is shared.")
    @JudgedByJcstress(fix = Races_03_ArrayWrites.ChunkOwned.class, racy = Races_03_ArrayWrites.SharedCursor.class)
    void chunkOwnedResults_never_loses_or_misplaces_a_result(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("SafeAccount: the check (balance >= amount) and the subtraction under one lock.")
    @JudgedByJcstress(fix = Races_04_CheckThenAct.SafeWithdraw.class, racy = Races_04_CheckThenAct.RacyWithdraw.class)
    void safeAccount_never_pays_out_twice(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(2)
    @Timeout(10)
    @Hint("AtomicSeatRegistry: putIfAbsent(seat, owner) == null, one atomic step instead of containsKey + put.")
    @JudgedByJcstress(fix = Races_04_CheckThenAct.AtomicClaim.class, racy = Races_04_CheckThenAct.RacyClaim.class)
    void atomicSeatRegistry_never_gives_a_seat_twice(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("VolatileFlagResult: a volatile ready flag, set after the result is stored and read before the result is.")
    @JudgedByJcstress(fix = Races_05_Publication.VolatileFlag.class, racy = Races_05_Publication.PlainFlag.class)
    void volatileFlagResult_never_shows_the_flag_without_the_result(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LatchResult: store the result, then countDown(); poll() returns it only after await(0, NANOSECONDS) is true.")
    @JudgedByJcstress(fix = Races_05_Publication.Latch.class, racy = Races_05_Publication.PlainFlag.class)
    void latchResult_never_shows_the_latch_open_without_the_result(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("VolatileFlagResult: a plain flag may be read once, before the loop, and never again; a volatile one is read every time.")
    @JudgedByJcstress(fix = Races_06_Progress.VolatileFlagSpin.class)
    void volatileFlagResult_lets_a_spinning_reader_finish(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    @Test
    @Points(1)
    @Timeout(10)
    @Hint("LatchResult: publish() must count the latch down, and poll() must look at the latch on every call.")
    @JudgedByJcstress(fix = Races_06_Progress.LatchSpin.class)
    void latchResult_lets_a_spinning_reader_finish(TestInfo test, TestReporter reporter) {
        check(test, reporter);
    }

    /**
     * Passes when jcstress ran the test's fix and saw nothing forbidden; reports what its racy counterpart (if any)
     * showed. The spin tests have no racy counterpart in the run: a reader stuck on a plain flag costs 30 s.
     */
    private static void check(TestInfo test, TestReporter reporter) {
        JudgedByJcstress judged = test.getTestMethod().orElseThrow().getAnnotation(JudgedByJcstress.class);
        Observation fix = run.of(judged.fix());
        reporter.publishEntry("jcstress samples", String.format("%,d", fix.samples()));
        for (Class<?> racy : judged.racy()) {
            reporter.publishEntry("racy " + racy.getSimpleName(), run.of(racy).raceSummary());
        }
        if (!runPublished) {
            runPublished = true;
            reporter.publishEntry("jcstress run", String.format("%.1f s, exit code %d, output in %s",
                    run.duration().toMillis() / 1000.0, run.exitCode(), run.console()));
        }

        switch (fix.verdict()) {
            case OK -> {
                // Only a run healthy enough to judge: on a machine so busy that the racy version ran a few thousand
                // samples (instead of millions), not seeing its race says nothing.
                for (Class<?> racyTest : judged.racy()) {
                    Observation racy = run.of(racyTest);
                    if (GradedArtifact.referenceSolutions() && (racy.verdict() == Observation.Verdict.NOT_RUN
                            || (!racy.raceObserved() && racy.samples() >= 1_000_000))) {
                        throw new AssertionError("inconclusive: the racy " + racyTest.getSimpleName()
                                + " did not show its race in this run, so this run could not have caught one in the fix either ("
                                + racy.raceSummary() + ")");
                    }
                }
            }
            case FAILED -> throw new AssertionError(fix.summary());
            default -> {
                // The untouched stub threw UnsupportedOperationException("TODO ...") in jcstress's fork: the engine
                // reports the same exception here as "Not implemented yet".
                fix.notImplemented().ifPresent(todo -> {
                    throw new UnsupportedOperationException(todo);
                });
                throw new IllegalStateException(fix.summary());
            }
        }
    }
}
