package kit.grader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kit.grader.api.Cores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every report of a grading run, each made from the same {@link Gradebook}:
 * <ul>
 *   <li>{@code grade.json}: the kit's own, the whole truth;</li>
 *   <li>{@code classroom.json}: GitHub Classroom's autograding reporter result (version 1), a score per test;</li>
 *   <li>{@code classroom/<lesson id>.json}: the same, one per lesson (the Classroom workflow's step per lesson reads it);</li>
 *   <li>{@code results.json}: Gradescope's autograder results;</li>
 *   <li>{@code summary.md}: a table for a CI step summary;</li>
 *   <li>the console scoreboard.</li>
 * </ul>
 */
public final class Reports {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The longest message a Classroom result carries per test, in characters. The reporter sets no limit of its own,
     * but it gets each result through an environment variable, and Linux refuses a process whose single environment
     * string exceeds 128 KiB (MAX_ARG_STRLEN); GitHub also keeps at most 1 MB of step outputs per job. At 1,000
     * characters a lesson's result (at most 25 tests) stays far below both; the whole message is in grade.json.
     */
    public static final int CLASSROOM_MESSAGE_LIMIT = 1000;

    private Reports() {
    }

    /** Writes every file report into the folder and returns the console scoreboard. */
    public static String writeAll(Gradebook book, Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("grade.json").toFile(), gradeJson(book));
            JSON.writeValue(dir.resolve("classroom.json").toFile(), classroomJson(book));
            Path perLesson = Files.createDirectories(dir.resolve("classroom"));
            for (Gradebook.LessonScore lesson : book.lessons()) {
                JSON.writeValue(perLesson.resolve(lesson.id() + ".json").toFile(),
                        classroomJson(new Gradebook(book.graded(), lesson.tests())));
            }
            JSON.writeValue(dir.resolve("results.json").toFile(), gradescopeJson(book));
            Files.writeString(dir.resolve("summary.md"), summaryMarkdown(book), StandardCharsets.UTF_8);
            JunitXml.write(book.tests(), dir.resolve(JunitXml.FOLDER));
            String board = scoreboard(book);
            Files.writeString(dir.resolve("scoreboard.txt"), board, StandardCharsets.UTF_8);
            return board;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports to " + dir, e);
        }
    }

    public static Map<String, Object> gradeJson(Gradebook book) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("graded", book.graded());
        root.put("score", book.score());
        root.put("max_score", book.maxScore());
        List<Map<String, Object>> lessons = new ArrayList<>();
        for (Gradebook.LessonScore lesson : book.lessons()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", lesson.id());
            entry.put("title", lesson.title());
            entry.put("score", lesson.score());
            entry.put("max_score", lesson.maxScore());
            book.policy(lesson.id()).ifPresent(policy -> entry.put("policy",
                    Map.of("status", policy.passed() ? "passed" : "refused", "message", policy.message())));
            lessons.add(entry);
        }
        root.put("lessons", lessons);
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestResult test : book.tests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("lesson", test.lesson());
            entry.put("name", test.name());
            entry.put("status", test.status().label());
            entry.put("score", test.score());
            entry.put("max_score", test.maxScore());
            entry.put("message", test.message());
            entry.put("hint", test.hint());
            entry.put("duration_ms", test.durationMs());
            entry.put("figures", test.figures());
            entry.put("details", test.details());
            tests.add(entry);
        }
        root.put("tests", tests);
        root.put("notes", book.notes());
        return root;
    }

    /**
     * The result that GitHub Classroom's {@code autograding-grading-reporter} reads (base64-encoded, from
     * {@code <ID>_RESULTS}): it adds up {@code tests[].score} against {@code max_score}, so partial credit
     * works per test.
     */
    public static Map<String, Object> classroomJson(Gradebook book) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        boolean anyError = book.tests().stream().anyMatch(t -> t.status() == Status.ERROR || t.status() == Status.NOT_RUN);
        root.put("status", book.tests().isEmpty() ? "error" : book.fullMarks() ? "pass" : anyError ? "error" : "fail");
        root.put("max_score", book.maxScore());
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestResult test : book.tests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", test.qualifiedName());
            entry.put("status", switch (test.status()) {
                case PASSED -> "pass";
                case FAILED, SKIPPED -> "fail";
                case ERROR, NOT_RUN -> "error";
            });
            entry.put("score", test.score());
            entry.put("max_score", test.maxScore());
            entry.put("message", capped(messageWithHint(test), CLASSROOM_MESSAGE_LIMIT));
            entry.put("test_code", "");
            entry.put("filename", "");
            entry.put("line_no", 0);
            entry.put("duration", test.durationMs());
            tests.add(entry);
        }
        root.put("tests", tests);
        return root;
    }

    /** Gradescope's {@code /autograder/results/results.json} (its autograder specification), for this machine. */
    public static Map<String, Object> gradescopeJson(Gradebook book) {
        return gradescopeJson(book, Cores.available());
    }

    /** Gradescope's results on a machine with this many cores: fewer than 2, and the top-level output says so. */
    public static Map<String, Object> gradescopeJson(Gradebook book, int cores) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("score", book.score());
        root.put("execution_time", Math.max(1, Math.round(book.durationMs() / 1000.0)));
        root.put("output", "Graded " + book.graded() + ": " + book.score() + "/" + book.maxScore() + " points."
                + machineTooSmall(book, cores));
        root.put("output_format", "text");
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestResult test : book.tests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("score", test.score());
            entry.put("max_score", test.maxScore());
            entry.put("status", test.status() == Status.PASSED ? "passed" : "failed");
            entry.put("name", test.qualifiedName());
            entry.put("name_format", "text");
            entry.put("output", messageWithHint(test));
            entry.put("output_format", "text");
            entry.put("tags", List.of("lesson-" + test.lesson()));
            entry.put("visibility", "visible");
            tests.add(entry);
        }
        for (Journal.PolicyVerdict policy : book.policies()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("score", 0);
            entry.put("max_score", 0);
            entry.put("status", policy.passed() ? "passed" : "failed");
            entry.put("name", policy.lesson() + " " + policy.lessonTitle() + ": the grader's policy on lesson code");
            entry.put("name_format", "text");
            entry.put("output", (policy.passed() ? "Passed: " : "Refused: ") + policy.message());
            entry.put("output_format", "text");
            entry.put("tags", List.of("lesson-" + policy.lesson(), "policy"));
            entry.put("visibility", "visible");
            tests.add(entry);
        }
        root.put("tests", tests);
        return root;
    }

    /** Empty on 2 cores or more; else what a one-core grading machine cost and which setting to change. */
    static String machineTooSmall(Gradebook book, int cores) {
        if (cores >= 2) {
            return "";
        }
        long skipped = book.tests().stream().filter(t -> t.status() == Status.SKIPPED).count();
        return "\n\nThis grading machine is too small: it has " + cores + " CPU core, and the speedup tests need 2 or more, so "
                + skipped + " test(s) were skipped: 0 points each, their points kept in the maximum. Instructor: choose an autograder machine with "
                + "at least 2 CPUs (and 3 GB of memory) in the assignment's settings and regrade; see the kit's gradescope/README.md.";
    }

    static final String CUT = " [... cut here: the whole message is in grade.json]";

    /** The text cut to at most limit characters, ending with {@link #CUT} when it was cut. */
    static String capped(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - CUT.length()) + CUT;
    }

    public static String summaryMarkdown(Gradebook book) {
        StringBuilder md = new StringBuilder();
        md.append("## Grade: ").append(book.score()).append(" / ").append(book.maxScore()).append(" points")
                .append(" (").append(book.graded()).append(")\n\n");
        md.append("| Lesson | Points | Failing | Policy |\n|---|---:|---:|---|\n");
        for (Gradebook.LessonScore lesson : book.lessons()) {
            md.append("| ").append(lesson.id()).append(' ').append(lesson.title()).append(" | ")
                    .append(lesson.score()).append(" / ").append(lesson.maxScore()).append(" | ")
                    .append(lesson.failing()).append(" | ")
                    .append(book.policy(lesson.id()).map(p -> p.passed() ? "passed" : "**refused**").orElse("-")).append(" |\n");
        }
        List<Journal.PolicyVerdict> refused = book.policies().stream().filter(p -> !p.passed()).toList();
        if (!refused.isEmpty()) {
            md.append("\n### Refused by the policy\n\n");
            refused.forEach(p -> md.append("- **").append(p.lesson()).append(' ').append(escape(p.lessonTitle())).append("**: ")
                    .append(escape(p.message())).append('\n'));
        }
        List<TestResult> failing = book.tests().stream().filter(t -> t.score() < t.maxScore()).toList();
        if (!failing.isEmpty()) {
            md.append("\n### Failing tests\n\n");
            for (TestResult test : failing) {
                md.append("- **").append(escape(test.qualifiedName())).append("** (").append(test.maxScore())
                        .append(" pts, ").append(test.status().label()).append("): ")
                        .append(escape(firstLine(test.message()))).append('\n');
                if (!test.hint().isEmpty()) {
                    md.append("  - Hint: ").append(escape(test.hint())).append('\n');
                }
            }
        }
        if (!book.notes().isEmpty()) {
            md.append("\n### Noticed by the grader\n\n");
            book.notes().forEach(note -> md.append("- ").append(escape(note)).append('\n'));
        }
        List<TestResult> measured = book.tests().stream().filter(t -> !t.figures().isEmpty()).toList();
        if (!measured.isEmpty()) {
            md.append("\n### Measured\n\n");
            for (TestResult test : measured) {
                md.append("- ").append(escape(test.qualifiedName())).append(": ").append(figures(test)).append('\n');
            }
        }
        return md.toString();
    }

    /** The console scoreboard: points per lesson, the total, and each failing test with its message and hint. */
    public static String scoreboard(Gradebook book) {
        String rule = "=".repeat(72);
        StringBuilder out = new StringBuilder("\n").append(rule).append('\n');
        out.append(" SCOREBOARD (graded: ").append(book.graded()).append(")\n").append(rule).append('\n');
        for (Gradebook.LessonScore lesson : book.lessons()) {
            String status = lesson.score() == lesson.maxScore() ? "ok" : lesson.failing() + " failing";
            out.append(String.format(Locale.ROOT, " %-3s %-44s %4d / %-4d %s%n", lesson.id(),
                    lesson.title(), lesson.score(), lesson.maxScore(), status));
        }
        if (!book.policies().isEmpty()) {
            out.append("-".repeat(72)).append('\n');
            out.append(" Policy (forbidden APIs in lesson code, checked before grading):\n");
            for (Journal.PolicyVerdict policy : book.policies()) {
                String verdict = policy.passed() ? "passed" : "REFUSED: " + policy.message().lines().findFirst().orElse("");
                out.append(String.format(Locale.ROOT, " %-3s %-26s %s%n", policy.lesson(), policy.lessonTitle(), verdict));
            }
        }
        out.append("-".repeat(72)).append('\n');
        int percent = book.maxScore() == 0 ? 0 : (int) Math.floor(100.0 * book.score() / book.maxScore());
        out.append(String.format(Locale.ROOT, " %-48s %4d / %-4d %d%%%n", "TOTAL", book.score(), book.maxScore(), percent));
        List<TestResult> failing = book.tests().stream().filter(t -> t.score() < t.maxScore()).toList();
        if (!failing.isEmpty()) {
            out.append("\n Failing tests (").append(failing.size()).append("):\n");
            for (TestResult test : failing) {
                out.append("\n  [").append(test.status().label().toUpperCase(Locale.ROOT)).append("] ")
                        .append(test.qualifiedName()).append("  (").append(test.maxScore()).append(" pts)\n");
                for (String line : test.message().lines().limit(6).toList()) {
                    out.append("      ").append(line).append('\n');
                }
                if (!test.hint().isEmpty()) {
                    out.append("      Hint: ").append(test.hint()).append('\n');
                }
            }
        }
        List<TestResult> measured = book.tests().stream().filter(t -> !t.figures().isEmpty()).toList();
        if (!measured.isEmpty()) {
            out.append("\n Measured:\n");
            measured.forEach(t -> out.append("  ").append(t.qualifiedName()).append(": ").append(figures(t)).append('\n'));
        }
        if (!book.notes().isEmpty()) {
            out.append("\n Noticed by the grader:\n");
            book.notes().forEach(note -> out.append("  - ").append(note).append('\n'));
        }
        long skipped = book.tests().stream().filter(t -> t.status() == Status.SKIPPED).count();
        if (skipped > 0) {
            out.append("\n ").append(skipped).append(" test(s) could not run on this machine: 0 points each, and their "
                    + "points stay in the maximum (each says why above).\n");
        }
        out.append(rule).append('\n');
        return out.toString();
    }

    private static String messageWithHint(TestResult test) {
        String message = test.message();
        if (!test.hint().isEmpty()) {
            message += (message.isEmpty() ? "" : "\n") + "Hint: " + test.hint();
        }
        if (!test.figures().isEmpty()) {
            message += (message.isEmpty() ? "" : "\n") + "Measured: " + figures(test);
        }
        return message;
    }

    private static String figures(TestResult test) {
        return test.figures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
