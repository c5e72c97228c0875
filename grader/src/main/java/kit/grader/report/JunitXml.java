package kit.grader.report;

import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JUnit XML: one {@code TEST-<test class>.xml} per graded test class, in the legacy format Surefire writes and IDEs,
 * Jenkins and CI test-report actions read. The files are written by JUnit's own
 * {@link LegacyXmlReportGeneratingListener}, fed with the supervisor's results (the journal) rather than with what a
 * lesson's JVM saw: a test the JVM never finished is an error here too, and nothing of the student's code writes them.
 *
 * <p>Each graded class becomes a test plan of its own (its class name as the engine's id, which names the file), and
 * its tests are replayed in order on a clock that advances by each test's measured duration.
 */
final class JunitXml {

    /** The folder under the grade folder that holds the files. */
    public static final String FOLDER = "junit";

    private JunitXml() {
    }

    /** Replaces the folder's files with one file per graded test class of the results. */
    public static void write(List<TestResult> results, Path folder) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                for (Path file : old.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    Files.delete(file);
                }
            }
            Map<String, List<TestResult>> byClass = new LinkedHashMap<>();
            for (TestResult result : results) {
                byClass.computeIfAbsent(className(result), c -> new java.util.ArrayList<>()).add(result);
            }
            byClass.forEach((className, tests) -> writeClass(className, tests, folder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JUnit XML reports to " + folder, e);
        }
    }

    /** The test class of a result: from its id ({@code [uncompiled:]Class#method}), or else its lesson. */
    static String className(TestResult result) {
        String id = result.id().replaceFirst("^uncompiled:", "");
        return id.contains("#") ? id.substring(0, id.indexOf('#')) : "lesson" + result.lesson();
    }

    static String methodName(TestResult result) {
        String id = result.id();
        return id.contains("#") ? id.substring(id.indexOf('#') + 1) : result.name().replace(' ', '_');
    }

    private static void writeClass(String className, List<TestResult> tests, Path folder) {
        EngineDescriptor root = new EngineDescriptor(UniqueId.forEngine(className), className);
        Map<TestResult, TestDescriptor> descriptors = new LinkedHashMap<>();
        for (TestResult test : tests) {
            TestDescriptor descriptor = new GradedTest(root.getUniqueId().append("method", methodName(test)),
                    test.name(), methodName(test), MethodSource.from(className, methodName(test)));
            root.addChild(descriptor);
            descriptors.put(test, descriptor);
        }
        TestPlan plan = TestPlan.from(true, List.of(root), NO_CONFIGURATION, NO_OUTPUT);
        ReplayClock clock = new ReplayClock(Instant.now().minusMillis(tests.stream().mapToLong(TestResult::durationMs).sum()));
        StringWriter problems = new StringWriter();
        TestExecutionListener listener = listener(folder, new PrintWriter(problems), clock);

        listener.testPlanExecutionStarted(plan);
        TestIdentifier engine = plan.getTestIdentifier(root.getUniqueId());
        listener.executionStarted(engine);
        descriptors.forEach((test, descriptor) -> {
            TestIdentifier id = plan.getTestIdentifier(descriptor.getUniqueId());
            if (test.status() == Status.SKIPPED) {
                listener.executionSkipped(id, test.message());
                return;
            }
            listener.executionStarted(id);
            test.figures().forEach((figure, value) -> listener.reportingEntryPublished(id, ReportEntry.from(figure, value)));
            clock.advance(test.durationMs());
            listener.executionFinished(id, result(test));
        });
        listener.executionFinished(engine, TestExecutionResult.successful());
        listener.testPlanExecutionFinished(plan);
        if (!problems.toString().isBlank()) {
            throw new IllegalStateException("JUnit's XML report for " + className + " failed: " + problems);
        }
    }

    /** How a test ended, as JUnit reports it: an assertion for a wrong result, any other throwable for an error. */
    static TestExecutionResult result(TestResult test) {
        String message = test.message() + (test.hint().isBlank() ? "" : "\nHint: " + test.hint());
        return switch (test.status()) {
            case PASSED -> TestExecutionResult.successful();
            case FAILED -> TestExecutionResult.failed(new GradedFailure(message, test.details()));
            case ERROR, NOT_RUN -> TestExecutionResult.failed(new GradedError(message, test.details()));
            case SKIPPED -> throw new IllegalArgumentException("a skipped test has no result");
        };
    }

    /**
     * The listener on a clock of ours, so that each test's time in the file is the time it ran in its lesson's JVM. Its
     * constructor with a clock is package-private; without it (another JUnit), the times are those of the replay.
     */
    private static TestExecutionListener listener(Path folder, PrintWriter problems, Clock clock) {
        try {
            Constructor<LegacyXmlReportGeneratingListener> withClock = LegacyXmlReportGeneratingListener.class
                    .getDeclaredConstructor(String.class, PrintWriter.class, Clock.class);
            withClock.setAccessible(true);
            return withClock.newInstance(folder.toString(), problems, clock);
        } catch (ReflectiveOperationException | RuntimeException noClock) {
            return new LegacyXmlReportGeneratingListener(folder, problems);
        }
    }

    /** A test of the replayed plan: named as students read it, reported under its method's name. */
    static final class GradedTest extends AbstractTestDescriptor {
        private final String method;

        GradedTest(UniqueId id, String displayName, String method, MethodSource source) {
            super(id, displayName, source);
            this.method = method;
        }

        @Override
        public Type getType() {
            return Type.TEST;
        }

        @Override
        public String getLegacyReportingName() {
            return method + "()";   // as Jupiter reports a test method, so IDEs find it
        }
    }

    /**
     * A wrong result. Its stack trace is the one the lesson's JVM recorded (the student's code, not the supervisor's).
     */
    static final class GradedFailure extends AssertionError {
        private final String trace;

        GradedFailure(String message, String trace) {
            super(message);
            this.trace = trace;
        }

        @Override
        public void printStackTrace(PrintWriter out) {
            out.print(trace.isBlank() ? getMessage() : trace);
        }
    }

    /** An error: the code threw something unexpected, or the test never finished. */
    static final class GradedError extends RuntimeException {
        private final String trace;

        GradedError(String message, String trace) {
            super(message, null, false, false);
            this.trace = trace;
        }

        @Override
        public void printStackTrace(PrintWriter out) {
            out.print(trace.isBlank() ? getMessage() : trace);
        }
    }

    /** A clock that stands still until told to move on. */
    static final class ReplayClock extends Clock {
        private Instant now;

        ReplayClock(Instant start) {
            this.now = start;
        }

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The replayed tests write no files of their own. */
    private static final OutputDirectoryCreator NO_OUTPUT = new OutputDirectoryCreator() {
        @Override
        public Path getRootDirectory() {
            throw new UnsupportedOperationException("a replayed test plan has no output folder");
        }

        @Override
        public Path createOutputDirectory(TestDescriptor descriptor) {
            throw new UnsupportedOperationException("a replayed test plan has no output folder");
        }
    };

    private static final ConfigurationParameters NO_CONFIGURATION = new ConfigurationParameters() {
        @Override
        public Optional<String> get(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return Optional.empty();
        }

        @Override
        @SuppressWarnings("deprecation")
        public int size() {
            return 0;
        }

        @Override
        public java.util.Set<String> keySet() {
            return java.util.Set.of();
        }
    };
}
