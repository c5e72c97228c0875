package kit.grader.jcstress;

import kit.grader.jcstress.Observation.Expectation;
import kit.grader.jcstress.Observation.Outcome;
import kit.grader.jcstress.Observation.Verdict;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads what jcstress 0.16 itself recorded of a run: the {@code jcstress-results-*.bin.gz} file it writes in its
 * working folder, one {@link TestResult} per fork, the same file its own reports are printed from. Not the console:
 * the forks run lesson code, and what lesson code prints lands in the console, where a line that looks like a
 * result header or an outcome table could pass for one. Here that output is only ever a string in a result's
 * {@code vmOut}, never a verdict or a count.
 *
 * <p>The forks are merged per test and graded by jcstress's own classes ({@link ReportUtils#mergedByName},
 * {@link TestResult#grading()}), which read the outcomes' grading from the tests' {@code META-INF/TestList}: it must
 * be on this JVM's class path (the jcstress tests' jar or classes folder).
 */
final class JcstressResults {

    /** What jcstress names its result file, in the folder it runs in. */
    static final String FILE_PATTERN = "jcstress-results-.*\\.bin\\.gz";

    /**
     * The fork results written so far.
     *
     * @param cutShort why the file ended before its end (empty when it did not): a stopped run's file is cut
     */
    record Forks(List<TestResult> results, String cutShort) {
    }

    /** The result files jcstress wrote in {@code folder}. */
    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches(FILE_PATTERN)).sorted().toList();
        }
    }

    /**
     * Every fork result in the file, in order. A file cut short (jcstress stopped while writing, or before it flushed)
     * yields the results before the cut.
     */
    static Forks read(Path file) {
        List<TestResult> results = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)));
             ObjectInputStream objects = new ObjectInputStream(in)) {
            // Java serialization of jcstress's own classes only: nothing else is ever instantiated from the file.
            objects.setObjectInputFilter(JcstressResults::onlyJcstressResults);
            while (true) {
                if (objects.readObject() instanceof TestResult result) {
                    results.add(result);
                }
            }
        } catch (EOFException end) {
            // The end of a whole file is a plain EOF; a cut one's is "Unexpected end of ZLIB input stream".
            return new Forks(results, end.getMessage() == null ? "" : file.getFileName() + " is cut short: " + end.getMessage());
        } catch (IOException | ClassNotFoundException | ClassCastException unreadable) {
            return new Forks(results, file.getFileName() + " cannot be read further: " + unreadable);
        }
    }

    private static ObjectInputFilter.Status onlyJcstressResults(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        while (type != null && type.isArray()) {
            type = type.getComponentType();
        }
        if (type == null || type.isPrimitive()) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        String name = type.getName();
        boolean allowed = name.startsWith("org.openjdk.jcstress.") || name.startsWith("java.lang.") || name.startsWith("java.util.");
        return allowed ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }

    /** One observation per test, its forks merged; {@code partial} marks them as from a run that was stopped. */
    static Map<String, Observation> observe(List<TestResult> forks, boolean partial) {
        Map<String, Observation> observations = new LinkedHashMap<>();
        for (TestResult merged : ReportUtils.mergedByName(forks)) {
            observations.put(merged.getName(), observe(merged, partial));
        }
        return observations;
    }

    static Observation observe(TestResult merged, boolean partial) {
        TestGrading grading = merged.grading();
        List<Outcome> outcomes = new ArrayList<>();
        for (GradingResult outcome : grading.gradingResults.values()) {
            outcomes.add(new Outcome(outcome.id, expectation(outcome.expect), outcome.count,
                    outcome.description == null ? "not named by any @Outcome" : outcome.description));
        }
        Verdict verdict = switch (merged.status()) {
            case NORMAL -> grading.isPassed ? Verdict.OK : Verdict.FAILED;
            case API_MISMATCH -> Verdict.SKIPPED;
            case TIMEOUT_ERROR -> Verdict.TIMEOUT;
            case VM_ERROR -> Verdict.VM_ERROR;
            case CHECK_TEST_ERROR, TEST_ERROR -> Verdict.ERROR;
        };
        return new Observation(merged.getName(), verdict, outcomes, merged.getMessages(), "", partial);
    }

    private static Expectation expectation(org.openjdk.jcstress.annotations.Expect expect) {
        if (expect == null) {
            return Expectation.UNKNOWN;
        }
        return switch (expect) {
            case ACCEPTABLE -> Expectation.ACCEPTABLE;
            case ACCEPTABLE_INTERESTING -> Expectation.INTERESTING;
            case FORBIDDEN -> Expectation.FORBIDDEN;
            case UNKNOWN -> Expectation.UNKNOWN;
        };
    }

    /** Every line the forks printed or reported, as the console shows them (stripped): none of it is jcstress's own. */
    static List<String> printedByForks(List<TestResult> forks) {
        List<String> lines = new ArrayList<>();
        for (TestResult fork : forks) {
            fork.getVmOut().forEach(line -> lines.add(line.strip()));
            fork.getVmErr().forEach(line -> lines.add(line.strip()));
            fork.getMessages().forEach(line -> lines.add(line.strip()));
        }
        return lines;
    }

    private JcstressResults() {
    }
}
