package kit.grader.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record of a grading run: {@value #FILE} in the grade folder, one JSON line per event, written only by the
 * supervisor, and only while no process of any lesson runs (after each lesson, whole, and again at the end).
 * No other file in the folder counts. A test planned but never finished is {@link Status#NOT_RUN}.
 */
public final class Journal {

    /** The one journal of a grade folder. */
    public static final String FILE = "journal.jsonl";

    /**
     * One line of the journal. A {@code planned} event names a test and its points; a {@code finished} one says how it
     * ended; a {@code policy} one says whether a lesson's code passed the grader's policy; a {@code note} is anything
     * else the grader noticed; a {@code nothing-to-grade} one says why no graded test was selected (-Dlesson or
     * -Dtest matching nothing).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String type, String id, String lesson, String lessonTitle, String name, Integer points,
                        String hint, String status, String message, Long durationMs, Map<String, String> figures,
                        String details) {

        public static Event planned(String id, String lesson, String lessonTitle, String name, int points, String hint) {
            return new Event("planned", id, lesson, lessonTitle, name, points, hint, null, null, null, null, null);
        }

        /** Something the grader noticed outside any one test: a crashed JVM, leftovers it cleaned up. */
        public static Event note(String message) {
            return new Event("note", null, null, null, null, null, null, null, message, null, null, null);
        }

        /** Why the run selected no graded test at all: the one line the build then fails with. */
        public static Event nothingToGrade(String message) {
            return new Event("nothing-to-grade", null, null, null, null, null, null, null, message, null, null, null);
        }

        /** The policy's verdict on a lesson's code: {@code passed}, or {@code refused} with what it refused. */
        public static Event policy(String lesson, String lessonTitle, boolean passed, String message) {
            return new Event("policy", null, lesson, lessonTitle, null, null, null, passed ? "passed" : "refused", message,
                    null, null, null);
        }

        public static Event finished(String id, Status status, String message, long durationMs,
                                     Map<String, String> figures, String details) {
            return new Event("finished", id, null, null, null, null, null, status.label(), message, durationMs,
                    figures == null || figures.isEmpty() ? null : figures, details == null || details.isEmpty() ? null : details);
        }
    }

    /** A lesson's line about the policy: whether its code passed, and if not, what was refused. */
    public record PolicyVerdict(String lesson, String lessonTitle, boolean passed, String message) {
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Journal() {
    }

    /** Writes the whole journal, replacing the file in one move: what any process wrote there before is gone. */
    public static void write(Path gradeDir, List<Event> events) {
        try {
            Files.createDirectories(gradeDir);
            StringBuilder text = new StringBuilder();
            for (Event event : events) {
                text.append(JSON.writeValueAsString(event)).append('\n');
            }
            Path temporary = Files.createTempFile(gradeDir, "journal", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, gradeDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grading journal in " + gradeDir, e);
        }
    }

    /** Every graded test in the journal, in lesson order; a test planned but never finished is {@link Status#NOT_RUN}. */
    public static List<TestResult> read(Path gradeDir) {
        Map<String, Event> planned = new LinkedHashMap<>();
        Map<String, Event> finished = new LinkedHashMap<>();
        for (Event event : events(gradeDir)) {
            if ("planned".equals(event.type())) {
                planned.put(event.id(), event);
            } else if ("finished".equals(event.type())) {
                finished.putIfAbsent(event.id(), event);
            }
        }
        List<TestResult> results = new ArrayList<>();
        for (Event plan : planned.values()) {
            Event end = finished.get(plan.id());
            results.add(end == null ? notRun(plan) : result(plan, end));
        }
        results.sort(java.util.Comparator.comparing(TestResult::lesson));
        return results;
    }

    /** The notes in the journal, in the order written. */
    public static List<String> notes(Path gradeDir) {
        return events(gradeDir).stream().filter(e -> "note".equals(e.type())).map(Event::message).toList();
    }

    /** Why the supervisor selected no graded test, if it selected none. */
    public static Optional<String> nothingToGrade(Path gradeDir) {
        return events(gradeDir).stream().filter(e -> "nothing-to-grade".equals(e.type())).map(Event::message)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The policy's verdict per lesson, in lesson order. */
    public static List<PolicyVerdict> policies(Path gradeDir) {
        Map<String, PolicyVerdict> verdicts = new java.util.TreeMap<>();
        for (Event event : events(gradeDir)) {
            if ("policy".equals(event.type())) {
                verdicts.put(event.lesson(), new PolicyVerdict(event.lesson(), event.lessonTitle(),
                        "passed".equals(event.status()), event.message() == null ? "" : event.message()));
            }
        }
        return List.copyOf(verdicts.values());
    }

    private static List<Event> events(Path gradeDir) {
        Path file = gradeDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    events.add(JSON.readValue(line, Event.class));
                } catch (IOException unreadable) {
                    // not a line the supervisor wrote: it does not count
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grading journal " + file, e);
        }
        return events;
    }

    /** A skipped test keeps its points in the maximum: a test that could not run here is never a test passed. */
    private static TestResult result(Event plan, Event end) {
        Status status = Status.of(end.status());
        int points = plan.points();
        int score = status == Status.PASSED ? points : 0;
        return new TestResult(plan.lesson(), plan.lessonTitle(), plan.name(), status, score, points, end.message(),
                status == Status.PASSED || status == Status.SKIPPED ? "" : plan.hint(),
                end.durationMs() == null ? 0 : end.durationMs(), end.figures(), end.details(), plan.id());
    }

    private static TestResult notRun(Event plan) {
        return new TestResult(plan.lesson(), plan.lessonTitle(), plan.name(), Status.NOT_RUN, 0, plan.points(),
                "Did not finish: the test JVM ended before this test did (System.exit or Runtime.halt in your code, "
                        + "a crash, or a kill). Earlier results were kept.", plan.hint(), 0, null, null, plan.id());
    }
}
