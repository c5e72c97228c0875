package kit.grader.run;

import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.report.Status;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reports every graded test ({@link Points} on a method of a {@link Lesson} class) to the supervisor as JUnit plans
 * it, starts it and ends it, with the failure said in words a student can act on. The lesson's runner registers it
 * explicitly (nothing is registered from the class path) and hands it the channel to the supervisor; the supervisor
 * decides what the results are worth. It only dispatches: {@link FailureMessages} says what a failure is, with
 * {@link ThreadForensics} after a timeout, and {@link LeftoverThreads} what a test left running.
 */
final class GradingListener implements TestExecutionListener {

    private final Consumer<Channel.Event> events;
    private TestPlan plan;
    private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
    private final Map<String, Set<Thread>> threadsBefore = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> figures = new ConcurrentHashMap<>();
    /** JUnit's unique id of each graded test, and the supervisor's name for it. */
    private final Map<String, String> graded = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    /** Threads already named in a deadlock: a deadlock outlives its test, and later timeouts are not its fault. */
    private final Set<Long> reportedDeadlocks = ConcurrentHashMap.newKeySet();

    /** @param events where each event goes: the channel to the supervisor (or, in the engine's own tests, a list) */
    GradingListener(Consumer<Channel.Event> events) {
        this.events = events;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier test : testPlan.getDescendants(root)) {
                Method method = gradedMethod(test);
                if (method != null) {
                    graded.put(test.getUniqueId(), idOf(method));
                    events.accept(Channel.Event.planned(idOf(method)));
                }
            }
        }
    }

    /** How the supervisor names a test: {@code lessons.threads.ThreadsTest#joinAll_waits}. */
    static String idOf(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (graded.containsKey(test.getUniqueId())) {
            threadsBefore.put(test.getUniqueId(), Thread.getAllStackTraces().keySet());
            startNanos.put(test.getUniqueId(), System.nanoTime());
            events.accept(Channel.Event.started(graded.get(test.getUniqueId())));
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        if (graded.containsKey(test.getUniqueId())) {
            figures.computeIfAbsent(test.getUniqueId(), id -> new LinkedHashMap<>()).putAll(entry.getKeyValuePairs());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        for (String id : gradedAtOrBelow(test)) {
            end(id, Status.SKIPPED, "Skipped: " + reason, null);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Throwable failure = result.getThrowable().orElse(null);
        if (graded.containsKey(test.getUniqueId())) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> end(test.getUniqueId(), Status.PASSED, "", null);
                case ABORTED -> end(test.getUniqueId(), Status.ERROR,
                        "The test was aborted (only the grader may skip a test): " + FailureMessages.describe(failure), FailureMessages.stackTrace(failure));
                case FAILED -> ended(test.getUniqueId(), failure);
            }
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // A class whose setup failed: its tests never ran, and each of them says why.
            for (String id : gradedAtOrBelow(test)) {
                end(id, Status.ERROR, "The tests of this lesson could not start: " + FailureMessages.describe(failure), FailureMessages.stackTrace(failure));
            }
        }
    }

    private void ended(String id, Throwable failure) {
        FailureMessages.Ending ending = FailureMessages.of(failure, reportedDeadlocks);
        end(id, ending.status(), ending.message(), ending.details());
    }

    private void end(String id, Status status, String message, String details) {
        if (!ended.add(id)) {
            return;
        }
        Long start = startNanos.get(id);
        long durationMs = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        events.accept(Channel.Event.finished(graded.get(id), status.label(), message, durationMs, figures.get(id), details));
        reportLeakedThreads(id);
    }

    /**
     * Threads a test started and left running: interrupted (the JVM cannot kill a thread) and noted; idle threads of a
     * pool the test keeps are noted and left alone (see {@link LeftoverThreads}). The lesson's JVM ends after its last
     * test anyway, so they cannot outlive the lesson.
     */
    private void reportLeakedThreads(String id) {
        Set<Thread> before = threadsBefore.remove(id);
        if (before == null) {
            return;
        }
        String note = LeftoverThreads.settle(before, Thread.currentThread())
                .note(plan.getTestIdentifier(org.junit.platform.engine.UniqueId.parse(id)).getDisplayName().replaceFirst("\\s*\\(.*\\)$", ""));
        if (note != null) {
            events.accept(Channel.Event.note(note));
        }
    }

    private Set<String> gradedAtOrBelow(TestIdentifier test) {
        if (graded.containsKey(test.getUniqueId())) {
            return Set.of(test.getUniqueId());
        }
        return plan.getDescendants(test).stream().map(TestIdentifier::getUniqueId).filter(graded::containsKey)
                .filter(id -> !ended.contains(id)).collect(Collectors.toSet());
    }

    /** The test method behind a test, if it is graded. */
    static Method gradedMethod(TestIdentifier test) {
        if (!test.isTest()) {
            return null;
        }
        TestSource source = test.getSource().orElse(null);
        if (!(source instanceof MethodSource methodSource)) {
            return null;
        }
        try {
            Method method = methodSource.getJavaMethod();
            return method.isAnnotationPresent(Points.class) && lessonOf(method.getDeclaringClass()) != null ? method : null;
        } catch (RuntimeException unloadable) {
            return null;
        }
    }

    static Lesson lessonOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Lesson lesson = c.getAnnotation(Lesson.class);
            if (lesson != null) {
                return lesson;
            }
        }
        return null;
    }
}
