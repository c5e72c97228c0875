package kit.grader;

import kit.grader.report.Journal;
import kit.grader.report.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The last step of a run, as Maven starts it: the scoreboard, then one line and exit code 1 when points are missing. */
class GradeTest {

    @TempDir
    Path dir;

    record Run(int exit, List<String> lines) {
    }

    Run grade(Status second) throws Exception {
        Path gradeDir = dir.resolve("grade");
        Journal.write(gradeDir, List.of(
                Journal.Event.planned("lessons.threads.ThreadsTest#first", "01", "Threads", "first", 2, "hint a"),
                Journal.Event.planned("lessons.threads.ThreadsTest#second", "01", "Threads", "second", 3, "hint b"),
                Journal.Event.finished("lessons.threads.ThreadsTest#first", Status.PASSED, "", 12, Map.of(), null),
                Journal.Event.finished("lessons.threads.ThreadsTest#second", second, second == Status.PASSED ? "" : "expected 3, got 1",
                        5, Map.of(), null)));
        Path out = dir.resolve("grade.log");
        Process grade = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Grade.class.getName(), gradeDir.toString(), "exercises")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(grade.waitFor(60, TimeUnit.SECONDS)).as("Grade ended").isTrue();
        return new Run(grade.exitValue(), Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList());
    }

    @Test
    @Timeout(120)
    void missing_points_end_the_run_with_the_scoreboard_and_one_line_and_exit_code_1() throws Exception {
        Run run = grade(Status.FAILED);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(String.join("\n", run.lines())).contains("TOTAL").contains("expected 3, got 1").doesNotContain("Exception");
        assertThat(run.lines().get(run.lines().size() - 1))
                .isEqualTo("[grader] Score 2/5: 3 point(s) missing. The scoreboard above says which tests failed and why.");
    }

    @Test
    @Timeout(120)
    void full_marks_exit_with_0() throws Exception {
        Run run = grade(Status.PASSED);

        assertThat(run.exit()).isZero();
        assertThat(String.join("\n", run.lines())).contains("TOTAL").doesNotContain("point(s) missing");
    }
}
