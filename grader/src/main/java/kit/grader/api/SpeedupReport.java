package kit.grader.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What a {@link SpeedupCheck} says: the figures it publishes to the test's reporter and the message it fails with. */
final class SpeedupReport {

    private final String label;
    private final String baselineName;
    private final String candidateName;
    private final int runs;
    private final long busyBudgetNanos;

    SpeedupReport(String label, String baselineName, String candidateName, int runs, long busyBudgetNanos) {
        this.label = label;
        this.baselineName = baselineName;
        this.candidateName = candidateName;
        this.runs = runs;
        this.busyBudgetNanos = busyBudgetNanos;
    }

    /** The figures a test's reporter gets: medians, ratio, and for a verdict what was required and how it went. */
    Map<String, String> figures(Measurement measurement, SpeedupResult result, int maxAttempts) {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put(label + baselineName + " median", Timing.duration(measurement.baselineMedian()));
        figures.put(label + candidateName + " median", Timing.duration(measurement.candidateMedian()));
        figures.put(label + "speedup", Timing.times(measurement.ratio()));
        if (result != null) {
            figures.put(label + "required", result.bound().describe(result.limit()) + (!result.bound().calibrated() ? ""
                    : " on " + result.cores() + (result.cores() == 1 ? " core" : " cores")));
            int uncounted = (int) result.references().stream().filter(r -> !result.bound().conclusive(r, result.limit())).count();
            figures.put(label + "attempts", result.attempts().size() + " ("
                    + result.attempts().stream().map(m -> Timing.times(m.ratio())).collect(Collectors.joining(", "))
                    + "; " + runs + " alternating runs each; at most " + maxAttempts + " may fail"
                    + (uncounted > 0 ? ", " + uncounted + " did not count: the machine was busy" : "") + ")");
            if (!result.references().isEmpty()) {
                figures.put(label + "machine", "the kit's reference work reached "
                        + result.references().stream().map(Timing::times).collect(Collectors.joining(", "))
                        + " after the failed attempts");
            }
        }
        return figures;
    }

    /** Why the check failed, with the figures of the attempt that came closest; {@code busy}: the machine never quietened. */
    String failureMessage(SpeedupResult result, Measurement closest, boolean busy) {
        String figures = " (medians of " + runs + " alternating runs: " + candidateName + " "
                + Timing.duration(closest.candidateMedian()) + ", " + baselineName + " " + Timing.duration(closest.baselineMedian())
                + (result.attempts().size() > 1 ? "; the best of " + result.attempts().size() + " attempts" : "") + ")";
        String cores = result.cores() + (result.cores() == 1 ? " core" : " cores") + " (" + Cores.source() + ")";
        if (result.bound() == Bound.AT_LEAST_FIXED) {
            return candidateName + " was only " + Timing.times(closest.ratio()) + " as fast as " + baselineName + figures
                    + "; it must be at least " + Timing.times(result.limit()) + " as fast, on any number of cores.";
        }
        if (result.bound() == Bound.AT_LEAST) {
            String verdict = candidateName + " was only " + Timing.times(closest.ratio()) + " as fast as " + baselineName
                    + figures + "; on " + cores + " it must be at least " + Timing.times(result.limit()) + " as fast. ";
            if (busy) {
                return verdict + "But this machine was too busy to show any speedup for " + busyBudgetNanos / 1_000_000_000L
                        + " s: the kit's own reference work reached only " + result.references().stream().map(Timing::times)
                        .collect(Collectors.joining(", ")) + " on several threads. Another program is using the cores; "
                        + "close it (or wait for it) and run the test again.";
            }
            return verdict + "Does the " + candidateName + " version really run its work on several threads at once?";
        }
        String verdict = candidateName + " was " + Timing.times(closest.ratio()) + " as fast as " + baselineName + figures
                + "; it must not reach " + Timing.times(result.limit()) + " on " + cores + ".";
        if (busy) {
            return verdict + " But this machine was too busy to tell for " + busyBudgetNanos / 1_000_000_000L
                    + " s: the kit's own reference work reached only " + result.references().stream().map(Timing::times)
                    .collect(Collectors.joining(", ")) + " on two threads, and on a busy machine even threads that take "
                    + "turns behind one lock gain from having two chances to be scheduled. Close other programs and run "
                    + "the test again.";
        }
        return verdict;
    }
}
