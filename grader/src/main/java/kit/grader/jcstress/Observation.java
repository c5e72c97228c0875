package kit.grader.jcstress;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What jcstress observed of one test in one run, merged over its forks: its verdict, every outcome with how often it
 * was seen, and jcstress's messages (an actor's exception lands there). No points: what an observation is worth is
 * the graded test's decision.
 *
 * @param test          jcstress's name for the test: the canonical class name, e.g. {@code kit.races.jcstress.Races_02_LostUpdates.Atomic}
 * @param verdict       jcstress's verdict, or {@link Verdict#NOT_RUN}
 * @param outcomes      the outcomes the test declares (and any it did not), with their counts
 * @param messages      jcstress's messages about the test; never what the test's own code printed
 * @param notRunBecause why the test did not run (empty when it ran)
 * @param partial       true when jcstress was stopped before its end: only the forks that finished are counted
 */
public record Observation(String test, Verdict verdict, List<Outcome> outcomes, List<String> messages,
                          String notRunBecause, boolean partial) {

    /** jcstress's verdicts, as its report labels them ([OK], [FAILED], ...), and one of ours for a test it never ran. */
    public enum Verdict {
        /** Ran, and no forbidden outcome was seen. */
        OK,
        /** A forbidden outcome was seen. */
        FAILED,
        /** The test threw (an actor, the arbiter, or jcstress's check before the run). */
        ERROR,
        /** An actor did not return in time. */
        TIMEOUT,
        /** The forked JVM crashed. */
        VM_ERROR,
        /** jcstress skipped it (an API mismatch). */
        SKIPPED,
        /** Not among jcstress's results at all. */
        NOT_RUN
    }

    /** How the test's {@code @Outcome} grades a result. */
    public enum Expectation { ACCEPTABLE, INTERESTING, FORBIDDEN, UNKNOWN }

    /**
     * One outcome: the actors' results, comma-separated as jcstress prints them.
     *
     * @param count how many samples ended with it (0: declared, never seen)
     */
    public record Outcome(String result, Expectation expectation, long count, String description) {

        /** Seen, and a failure: forbidden, or not named by any {@code @Outcome}. */
        public boolean failing() {
            return count > 0 && (expectation == Expectation.FORBIDDEN || expectation == Expectation.UNKNOWN);
        }

        /** Seen, and the race a racy test is there to show. */
        public boolean interesting() {
            return count > 0 && expectation == Expectation.INTERESTING;
        }
    }

    public Observation {
        outcomes = List.copyOf(outcomes);
        messages = List.copyOf(messages);
    }

    /** A test jcstress did not run, and why. */
    public static Observation notRun(String test, String because) {
        return new Observation(test, Verdict.NOT_RUN, List.of(), List.of(), because, false);
    }

    /** How many times jcstress ran the actors (0 when it did not run the test). */
    public long samples() {
        return outcomes.stream().mapToLong(Outcome::count).sum();
    }

    /** The forbidden outcomes that were seen, most frequent first. */
    public List<Outcome> failingOutcomes() {
        return outcomes.stream().filter(Outcome::failing).sorted(Comparator.comparingLong(Outcome::count).reversed()).toList();
    }

    /** Whether a race showed: an interesting or a forbidden outcome was seen. */
    public boolean raceObserved() {
        return outcomes.stream().anyMatch(o -> o.interesting() || o.failing());
    }

    /**
     * The untouched stub's "TODO: ..." when the test's code threw {@code UnsupportedOperationException("TODO ...")}.
     * The exception's lines are among jcstress's messages, which what the code prints never reaches.
     */
    public Optional<String> notImplemented() {
        String thrown = UnsupportedOperationException.class.getName() + ": ";
        return messages.stream().filter(m -> m.startsWith(thrown + "TODO"))
                .map(m -> m.substring(thrown.length()).strip()).findFirst();
    }

    /** The observation in words, for a message: what was seen, how often, or why it did not run. */
    public String summary() {
        String summary = switch (verdict) {
            case OK -> "no forbidden outcome in " + count(samples()) + " samples";
            case FAILED -> "forbidden outcome observed: " + describe(failingOutcomes(), samples());
            case NOT_RUN -> "expected jcstress test did not run" + (notRunBecause.isEmpty() ? "" : ": " + notRunBecause);
            default -> "jcstress test " + switch (verdict) {
                case TIMEOUT -> "timed out (an actor never returned: a wait that nobody ends?)";
                case SKIPPED -> "was skipped by jcstress (API mismatch)";
                case VM_ERROR -> "crashed the test JVM";
                default -> "threw an exception";
            } + detail();
        };
        return summary + (partial ? " (from the forks that finished before jcstress was stopped)" : "");
    }

    /** For a racy test: whether it showed its race, and how. */
    public String raceSummary() {
        if (verdict == Verdict.NOT_RUN || verdict == Verdict.ERROR || verdict == Verdict.TIMEOUT
                || verdict == Verdict.VM_ERROR || verdict == Verdict.SKIPPED) {
            return summary();
        }
        List<Outcome> races = outcomes.stream().filter(o -> o.interesting() || o.failing())
                .sorted(Comparator.comparingLong(Outcome::count).reversed()).toList();
        String summary = races.isEmpty()
                ? "race not observed in this run (" + count(samples()) + " samples); run it again"
                : "race shown in " + count(races.stream().mapToLong(Outcome::count).sum()) + " of " + count(samples())
                + " samples, most often " + describe(races.subList(0, 1), -1);
        return summary + (partial ? " (from the forks that finished before jcstress was stopped)" : "");
    }

    /** The first few distinct messages, without stack frames. */
    private String detail() {
        String detail = messages.stream().map(String::strip)
                .filter(m -> !m.startsWith("at ") && !m.isEmpty())
                .distinct().limit(3).collect(Collectors.joining(" | "));
        return detail.isEmpty() ? "" : ": " + detail;
    }

    /** "1" (Lost update...) 12 times in 3,456 samples; ... (samples < 0: without counts). */
    private static String describe(List<Outcome> outcomes, long samples) {
        return outcomes.stream().limit(3)
                .map(o -> "\"" + o.result() + "\" (" + o.description() + ")"
                        + (samples < 0 ? "" : " " + count(o.count()) + " times in " + count(samples) + " samples"))
                .collect(Collectors.joining("; "));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
