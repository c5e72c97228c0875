package kit.grader;

import kit.grader.report.Gradebook;
import kit.grader.report.Journal;
import kit.grader.report.Reports;
import kit.grader.report.TestResult;

import java.nio.file.Path;
import java.util.List;

/**
 * The last step of every grading run ({@code ./mvnw test} runs it after the tests): reads the journals the
 * test JVMs wrote, writes every report into the grade folder, prints the scoreboard, and fails the build
 * when points are missing.
 *
 * <pre>java kit.grader.Grade GRADE_DIR GRADED [LESSON] [full|zero]</pre>
 * The last argument is the score the run must reach: {@code full} for students and for the solutions, {@code zero}
 * for the kit's check that untouched stubs earn nothing.
 */
public final class Grade {

    /** Why the build fails: the one line that ends the run, after the scoreboard. */
    public static final class PointsMissing extends RuntimeException {
        PointsMissing(String message) {
            super(message);
        }
    }

    /**
     * Maven runs this last (exec:java, in Maven's JVM). Missing points end the run with one line after the scoreboard
     * and exit code 1: thrown to Maven, the same line would be followed by Maven's own error block and help links.
     */
    public static void main(String[] args) {
        try {
            grade(args);
        } catch (PointsMissing missing) {
            System.out.println();
            System.out.println("[grader] " + missing.getMessage());
            System.out.flush();
            System.exit(1);
        }
    }

    /** Writes the reports and prints the scoreboard; throws {@link PointsMissing} when the run falls short. */
    public static void grade(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Grade GRADE_DIR GRADED [LESSON] [full|zero]");
        }
        Path dir = Path.of(args[0]);
        String graded = args[1];
        String lesson = args.length > 2 && args[2] != null ? args[2].strip() : "";
        boolean expectZero = args.length > 3 && "zero".equals(args[3]);

        List<TestResult> results = Journal.read(dir);
        if (results.isEmpty()) {
            // The supervisor says why when -Dlesson or -Dtest selected nothing; otherwise nothing it ran reported back.
            throw new PointsMissing(Journal.nothingToGrade(dir).orElse(lesson.isEmpty()
                    ? "No graded test ran: nothing to score. Look above for a compile error or a crash of the test JVM."
                    : "No graded test matches -Dlesson=" + lesson + ". Use a lesson number (01 or 1) or its name (threads); "
                      + "the lessons are listed in docs/lessons/."));
        }
        Gradebook book = new Gradebook(graded, results, Journal.notes(dir), Journal.policies(dir));
        if (expectZero) {
            Reports.writeAll(book, dir);
            List<String> earned = results.stream().filter(t -> t.score() > 0).map(TestResult::qualifiedName).toList();
            if (!earned.isEmpty()) {
                throw new PointsMissing("Untouched stubs must score 0, but these tests passed on them: " + earned);
            }
            System.out.println("Untouched stubs score 0 of " + book.maxScore() + " in " + results.size() + " graded tests.");
            return;
        }
        System.out.print(Reports.writeAll(book, dir));
        System.out.println(" Reports: " + dir.toAbsolutePath() + "/{grade.json, classroom.json, results.json, summary.md, junit/TEST-*.xml}");
        if (!book.fullMarks()) {
            throw new PointsMissing("Score " + book.score() + "/" + book.maxScore() + ": "
                    + (book.maxScore() - book.score()) + " point(s) missing. The scoreboard above says which tests failed and why.");
        }
    }

    private Grade() {
    }
}
