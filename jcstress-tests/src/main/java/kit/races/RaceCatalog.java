package kit.races;

import kit.races.jcstress.Races_01_MyObject;
import kit.races.jcstress.Races_02_LostUpdates;
import kit.races.jcstress.Races_03_ArrayWrites;
import kit.races.jcstress.Races_04_CheckThenAct;
import kit.races.jcstress.Races_05_Publication;
import kit.races.jcstress.Races_06_Progress;

import java.util.List;

/**
 * Every jcstress test the grade expects, with its points: the one place they are declared.
 * A test listed here that jcstress did not run is an error, never a pass.
 *
 * <p>Demonstrations (the given racy classes) are worth nothing and are expected to show their race;
 * fixes (what the student implements) earn their points when no forbidden outcome was seen.
 */
public final class RaceCatalog {

    /** Lesson 3 is "races". */
    public static final String LESSON_ID = "03";

    public enum Kind { DEMONSTRATION, FIX }

    /**
     * @param test   the jcstress test class
     * @param kind   demonstration or fix
     * @param points points for a fix that passes (0 for a demonstration)
     * @param hint   what to look at when it fails
     */
    public record Entry(Class<?> test, Kind kind, int points, String hint) {

        /** jcstress's name for the test: the canonical (dotted) class name. */
        public String name() {
            return test.getCanonicalName();
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            demo(Races_01_MyObject.Racy.class),
            fix(Races_01_MyObject.Latched.class, 2,
                    "LatchedMyObject: read() must wait (await) for the latch that write() opens after writing."),

            demo(Races_02_LostUpdates.Plain.class),
            fix(Races_02_LostUpdates.Synchronized.class, 1,
                    "SynchronizedCounter: both increment() and get() must hold the same lock."),
            fix(Races_02_LostUpdates.Atomic.class, 1,
                    "AtomicCounter: keep the count in an AtomicLong and use incrementAndGet()."),
            fix(Races_02_LostUpdates.Adder.class, 1,
                    "LongAdderCounter: keep the count in a LongAdder; increment() and sum()."),

            demo(Races_03_ArrayWrites.SharedCursor.class),
            fix(Races_03_ArrayWrites.ChunkOwned.class, 1,
                    "ChunkOwnedResults: worker w writes only slots [w * perWorker, (w + 1) * perWorker), with its own cursor."),

            demo(Races_04_CheckThenAct.RacyWithdraw.class),
            fix(Races_04_CheckThenAct.SafeWithdraw.class, 2,
                    "SafeAccount: the balance check and the subtraction must be one atomic step (one synchronized block)."),
            demo(Races_04_CheckThenAct.RacyClaim.class),
            fix(Races_04_CheckThenAct.AtomicClaim.class, 2,
                    "AtomicSeatRegistry: containsKey() then put() is two steps; putIfAbsent() is one."),

            demo(Races_05_Publication.PlainFlag.class),
            fix(Races_05_Publication.VolatileFlag.class, 1,
                    "VolatileFlagResult: the flag must be volatile, written after the result and read before it."),
            fix(Races_05_Publication.Latch.class, 1,
                    "LatchResult: count the latch down after storing the result; return the result only after a successful await."),

            // Races_06_Progress.PlainFlagSpin is left out: its race costs 30 s a run (see its comment).
            fix(Races_06_Progress.VolatileFlagSpin.class, 1,
                    "VolatileFlagResult: a plain flag may be read once and never again; make it volatile."),
            fix(Races_06_Progress.LatchSpin.class, 1,
                    "LatchResult: publish() must count the latch down; poll() must check the latch on every call.")
    );

    /** A jcstress -t filter that selects exactly the given tests. */
    public static String filterFor(List<Entry> entries) {
        return entries.stream().map(e -> java.util.regex.Pattern.quote(e.name()))
                .collect(java.util.stream.Collectors.joining("|", "^(", ")$"));
    }

    public static int maxPoints() {
        return ENTRIES.stream().mapToInt(Entry::points).sum();
    }

    private static Entry demo(Class<?> test) {
        return new Entry(test, Kind.DEMONSTRATION, 0, "");
    }

    private static Entry fix(Class<?> test, int points, String hint) {
        return new Entry(test, Kind.FIX, points, hint);
    }

    private RaceCatalog() {
    }
}
