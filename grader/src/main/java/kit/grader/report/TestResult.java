package kit.grader.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One graded test as it ended.
 *
 * @param lesson      the lesson id, "01"
 * @param lessonTitle the lesson's title, "Threads"
 * @param name        what the test checks, as students read it
 * @param status      how it ended
 * @param score       points earned: maxScore when passed, else 0
 * @param maxScore    points it is worth (a skipped test keeps them: it earns 0 of them)
 * @param message     why it failed, or why it was skipped; empty when passed
 * @param hint        what to look at when it fails; may be empty
 * @param durationMs  how long it ran
 * @param figures     measured figures the test published (speedups, medians), in the order published
 * @param details     longer diagnostics: a stack trace, or the threads' stacks when it timed out
 * @param id          the test as JUnit names it, {@code lessons.threads.ThreadsTest#method} (may be empty)
 */
public record TestResult(String lesson, String lessonTitle, String name, Status status, int score, int maxScore,
                         String message, String hint, long durationMs, Map<String, String> figures, String details,
                         String id) {

    public TestResult {
        message = message == null ? "" : message;
        hint = hint == null ? "" : hint;
        details = details == null ? "" : details;
        id = id == null ? "" : id;
        figures = figures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public TestResult(String lesson, String lessonTitle, String name, Status status, int score, int maxScore,
                      String message, String hint, long durationMs, Map<String, String> figures, String details) {
        this(lesson, lessonTitle, name, status, score, maxScore, message, hint, durationMs, figures, details, "");
    }

    /** "01 Threads: name", unique across the whole grade. */
    public String qualifiedName() {
        return lesson + " " + lessonTitle + ": " + name;
    }
}
