package kit.grader;

import kit.grader.api.GradedArtifact;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build says which code is graded (--lessons-module ../${kit.lessons.artifact}), and the supervisor tells the
 * lesson's JVM: a lesson's tests read it through {@link GradedArtifact}, never from where a class was loaded.
 */
class GradedArtifactTest {

    @TempDir
    Path work;

    /** Grades the fixture lesson with a lessons module (an empty one) of this name; returns its one result. */
    TestResult gradeWithModule(String module) throws Exception {
        Path gradeDir = work.resolve("grade-" + module);
        Path log = work.resolve(module + ".log");
        Process supervisor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "kit.grader.run.Supervisor",
                "--grade-dir", gradeDir.toString(), "--test-classes", Path.of("target", "test-classes").toString(),
                "--scan", "kit/grader/fixtures/artifact", "--lessons-module", Files.createDirectories(work.resolve(module)).toString(),
                "--allowance", "20")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(supervisor.waitFor(60, TimeUnit.SECONDS)).as("the supervisor finishes").isTrue();
        assertThat(Journal.read(gradeDir)).as(Files.readString(log)).hasSize(1);
        return Journal.read(gradeDir).get(0);
    }

    @Test
    @Timeout(90)
    void the_lessons_module_named_solutions_is_graded_as_the_reference_solutions() throws Exception {
        TestResult result = gradeWithModule("solutions");
        assertThat(result.status()).as(result.message()).isEqualTo(Status.PASSED);
    }

    @Test
    @Timeout(90)
    void the_exercises_are_not() throws Exception {
        TestResult result = gradeWithModule("exercises");
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("\"exercises\"");
    }

    @Test
    void outside_a_graded_run_nothing_is_graded() {
        assertThat(GradedArtifact.name()).isEmpty();
        assertThat(GradedArtifact.referenceSolutions()).isFalse();
    }
}
