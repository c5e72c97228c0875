package kit.races;

/**
 * The graded result of one jcstress test, in the shape the grading engine takes:
 * test name, status, points earned out of points possible, and a message for the student.
 *
 * @param testName  the jcstress test's name, e.g. {@code kit.races.jcstress.Races_02_LostUpdates.Atomic}
 * @param status    passed, failed (a forbidden outcome was seen) or error (threw, timed out, crashed, did not run)
 * @param points    points earned
 * @param maxPoints points possible (0 for a demonstration)
 * @param message   what was seen, in words: the forbidden outcome and how often, or why it did not run
 * @param demonstration true for a given racy class, which is expected to show its race
 * @param raceObserved  whether an interesting or forbidden outcome (a race) was observed
 * @param samples   how many times jcstress ran the actors (0 when it did not run)
 */
public record RaceResult(String testName, Status status, int points, int maxPoints, String message,
                         boolean demonstration, boolean raceObserved, long samples) {

    public enum Status {
        PASSED, FAILED, ERROR;

        /** "passed", "failed" or "error", as the reports spell it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The name without the package, e.g. {@code Races_02_LostUpdates.Atomic}. */
    public String shortName() {
        int dot = testName.lastIndexOf('.', testName.lastIndexOf('.') - 1);
        return dot < 0 ? testName : testName.substring(dot + 1);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
