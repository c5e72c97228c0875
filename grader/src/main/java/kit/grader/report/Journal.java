package kit.grader.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The record of a grading run, one JSON line per event, written as each test is planned and as it ends.
 * Each line is flushed at once, so a test JVM that dies loses nothing that had finished; what was planned
 * and never finished is reported as {@link Status#NOT_RUN}.
 *
 * <p>Every JVM that grades writes its own file ({@code journal-<pid>.jsonl}) in the grade folder;
 * {@link #read(Path)} merges them all.
 */
public final class Journal implements AutoCloseable {

    /** One line of the journal. A {@code planned} event names the test; a {@code finished} one says how it ended. */
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

        public static Event finished(String id, Status status, String message, long durationMs,
                                     Map<String, String> figures, String details) {
            return new Event("finished", id, null, null, null, null, null, status.label(), message, durationMs,
                    figures == null || figures.isEmpty() ? null : figures, details == null || details.isEmpty() ? null : details);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final BufferedWriter out;

    private Journal(BufferedWriter out) {
        this.out = out;
    }

    /** Opens this JVM's own journal file in the grade folder, creating the folder if needed. */
    public static Journal open(Path gradeDir) {
        try {
            Files.createDirectories(gradeDir);
            Path file = fileOf(gradeDir, ProcessHandle.current().pid());
            return new Journal(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the grading journal in " + gradeDir, e);
        }
    }

    public synchronized void write(Event event) {
        try {
            out.write(JSON.writeValueAsString(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grading journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every graded test recorded in the journals of a grade folder, in lesson order. A test planned but never
     * finished is {@link Status#NOT_RUN}; an unreadable line (a JVM killed mid-write) is skipped.
     */
    public static List<TestResult> read(Path gradeDir) {
        Map<String, Event> planned = new LinkedHashMap<>();
        Map<String, Event> finished = new LinkedHashMap<>();
        for (Path file : journals(gradeDir)) {
            for (Event event : events(file)) {
                if ("planned".equals(event.type())) {
                    planned.put(event.id(), event);
                } else if ("finished".equals(event.type())) {
                    finished.putIfAbsent(event.id(), event);
                }
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

    /** The notes of every journal in the folder, in the order written. */
    public static List<String> notes(Path gradeDir) {
        List<String> notes = new ArrayList<>();
        for (Path file : journals(gradeDir)) {
            events(file).stream().filter(e -> "note".equals(e.type())).map(Event::message).forEach(notes::add);
        }
        return notes;
    }

    /** The tests one journal file planned and never finished: what a JVM was doing when it died. */
    public static List<Event> unfinished(Path journal) {
        Map<String, Event> open = new LinkedHashMap<>();
        for (Event event : events(journal)) {
            if ("planned".equals(event.type())) {
                open.put(event.id(), event);
            } else if ("finished".equals(event.type())) {
                open.remove(event.id());
            }
        }
        return List.copyOf(open.values());
    }

    /** This JVM's journal file in a grade folder, or that of the JVM with the given pid. */
    public static Path fileOf(Path gradeDir, long pid) {
        return gradeDir.resolve("journal-" + pid + ".jsonl");
    }

    private static List<Path> journals(Path gradeDir) {
        if (!Files.isDirectory(gradeDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(gradeDir)) {
            return files.filter(f -> f.getFileName().toString().matches("journal-.*\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the grading journals in " + gradeDir, e);
        }
    }

    private static List<Event> events(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    events.add(JSON.readValue(line, Event.class));
                } catch (IOException torn) {
                    // a JVM killed in the middle of a line: the line is lost, the others count
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grading journal " + file, e);
        }
        return events;
    }

    private static TestResult result(Event plan, Event end) {
        Status status = Status.of(end.status());
        int points = plan.points();
        int score = status == Status.PASSED ? points : 0;
        int max = status == Status.SKIPPED ? 0 : points;
        return new TestResult(plan.lesson(), plan.lessonTitle(), plan.name(), status, score, max, end.message(),
                status == Status.PASSED || status == Status.SKIPPED ? "" : plan.hint(),
                end.durationMs() == null ? 0 : end.durationMs(), end.figures(), end.details());
    }

    private static TestResult notRun(Event plan) {
        return new TestResult(plan.lesson(), plan.lessonTitle(), plan.name(), Status.NOT_RUN, 0, plan.points(),
                "Did not finish: the test JVM ended before this test did (System.exit or Runtime.halt in your code, "
                        + "a crash, or a kill). Earlier results were kept.", plan.hint(), 0, null, null);
    }
}
