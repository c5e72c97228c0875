package kit.grader.run;

import kit.grader.GradingListener;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs one lesson's test class in a JVM of its own (started by {@link Supervisor}), so that whatever the
 * student's code does to this JVM (System.exit, a crash, threads that never end) stays with this lesson.
 * The {@link GradingListener} journals each test; this class prints a line per test as it ends.
 *
 * <pre>java kit.grader.run.LessonRunner TEST_CLASS [METHOD ...]</pre>
 */
public final class LessonRunner {

    /** The exit code after an OutOfMemoryError in a test: the supervisor says so in the report. */
    public static final int OUT_OF_MEMORY = 86;

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: LessonRunner TEST_CLASS [METHOD ...]");
        }
        List<DiscoverySelector> selectors = new ArrayList<>();
        if (args.length == 1) {
            selectors.add(selectClass(args[0]));
        }
        Class<?> testClass = Class.forName(args[0]);
        List<String> methods = List.of(args).subList(1, args.length);
        for (Method method : testClass.getDeclaredMethods()) {
            if (methods.contains(method.getName())) {
                selectors.add(selectMethod(testClass, method));
            }
        }
        Launcher launcher = LauncherFactory.create();
        try {
            launcher.execute(request().selectors(selectors).build(), new Progress());
        } catch (OutOfMemoryError e) {
            // JUnit gives up on the whole run after an OutOfMemoryError; the supervisor reports the unfinished tests.
            Runtime.getRuntime().halt(OUT_OF_MEMORY);
        }
        System.out.flush();
        // Threads the student's code left running must not keep this JVM alive: the lesson is over.
        Runtime.getRuntime().halt(0);
    }

    /** One line per test as it ends, so a long run shows where it is. */
    static final class Progress implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                String status = switch (result.getStatus()) {
                    case SUCCESSFUL -> "pass";
                    case ABORTED -> "abort";
                    case FAILED -> "FAIL";
                };
                System.out.printf(Locale.ROOT, "  %-5s %s%n", status, test.getDisplayName());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            System.out.printf(Locale.ROOT, "  %-5s %s (%s)%n", "skip", test.getDisplayName(), reason);
        }
    }

    private LessonRunner() {
    }
}
