package kit.grader.run;

import kit.grader.api.Cores;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs one lesson's test class in a JVM of its own (started by {@link Supervisor}), so that whatever the
 * student's code does to this JVM (System.exit, a crash, threads that never end) stays with this lesson.
 *
 * <p>Before any lesson class is loaded it reads its {@link Channel.Settings} from stdin, fixes the knobs the tests
 * read (the cores), keeps the real stdout for the channel, and builds a JUnit launcher that registers nothing from
 * the class path: no engine, listener, filter or configuration file a student's jar could bring counts here. The
 * {@link GradingListener} reports each test to the supervisor; this class prints a line per test as it ends.
 */
public final class LessonRunner {

    /** The exit code after an OutOfMemoryError in a test: the supervisor says so in the report. */
    public static final int OUT_OF_MEMORY = 86;

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        Channel.Settings settings = Channel.Settings.read(System.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Cores.fix(settings.cores(), settings.coresSource());
        Channel.Sender channel = new Channel.Sender(stdout, settings.token());

        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build());
        try {
            launcher.execute(discoveryRequest(settings), new GradingListener(channel::send), new Progress(stdout));
        } catch (OutOfMemoryError e) {
            // JUnit gives up on the whole run after an OutOfMemoryError; the supervisor reports the unfinished tests.
            Runtime.getRuntime().halt(OUT_OF_MEMORY);
        }
        endLeftoverProcesses(channel);
        stdout.flush();
        // Threads the student's code left running must not keep this JVM alive: the lesson is over.
        Runtime.getRuntime().halt(0);
    }

    /** The lesson's class, and when only some of its methods run, a filter that keeps those. */
    static LauncherDiscoveryRequest discoveryRequest(Channel.Settings settings) {
        var request = request().selectors(selectClass(settings.testClass()))
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(settings.configuration());
        if (!settings.methods().isEmpty()) {
            request.filters(methodsNamed(settings.testClass(), settings.methods()));
        }
        return request.build();
    }

    /**
     * Keeps the test methods of the class with these names, as Surefire's JUnit Platform provider filters methods
     * (its TestMethodFilter): by name, whatever their parameters. JUnit's selectMethod(class, name) would find only a
     * method without parameters, and a test that takes a TestReporter would never run.
     */
    static PostDiscoveryFilter methodsNamed(String testClass, List<String> methods) {
        Set<String> names = Set.copyOf(methods);
        return descriptor -> FilterResult.includedIf(descriptor.getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(method -> method.getClassName().equals(testClass) && names.contains(method.getMethodName()))
                .orElse(true));
    }

    /**
     * Processes the lesson left running: noted and ended. In a PID namespace this JVM is process 1, so every process
     * of the namespace counts, re-parented or not; elsewhere its descendants (the supervisor looks for the others).
     */
    static void endLeftoverProcesses(Channel.Sender channel) {
        ProcessHandle self = ProcessHandle.current();
        boolean namespace = self.pid() == 1;
        List<ProcessHandle> leftover = (namespace ? ProcessHandle.allProcesses() : self.descendants())
                .filter(p -> p.pid() != self.pid() && p.isAlive()).toList();
        if (leftover.isEmpty()) {
            return;
        }
        List<String> named = leftover.stream().limit(5).map(p -> Containment.describe(p, !namespace)).toList();
        channel.send(Channel.Event.note("left " + leftover.size() + " process(es) running when its tests ended ("
                + String.join("; ", named) + (leftover.size() > 5 ? "; ..." : "") + "); the grader ended them. "
                + "Close every Pool you start (try-with-resources)."));
        leftover.forEach(ProcessHandle::destroyForcibly);
        leftover.forEach(p -> {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                // the supervisor ends what is left when this JVM is gone
            }
        });
    }

    /** One line per test as it ends, so a long run shows where it is. */
    static final class Progress implements TestExecutionListener {
        private final PrintStream out;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                String status = switch (result.getStatus()) {
                    case SUCCESSFUL -> "pass";
                    case ABORTED -> "abort";
                    case FAILED -> "FAIL";
                };
                out.printf(Locale.ROOT, "  %-5s %s%n", status, test.getDisplayName());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            out.printf(Locale.ROOT, "  %-5s %s (%s)%n", "skip", test.getDisplayName(), reason);
        }
    }

    private LessonRunner() {
    }
}
