package kit.grader;

import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

    @TempDir
    Path gradeDir;

    @Test
    void a_test_planned_but_never_finished_is_not_run_and_says_why() {
        try (Journal journal = Journal.open(gradeDir)) {
            journal.write(Journal.Event.planned("a", "01", "Threads", "first", 2, "hint a"));
            journal.write(Journal.Event.planned("b", "01", "Threads", "second", 3, ""));
            journal.write(Journal.Event.finished("a", Status.PASSED, "", 12, Map.of(), null));
        }
        List<TestResult> results = Journal.read(gradeDir);

        assertThat(results).extracting(TestResult::name, TestResult::status, TestResult::score, TestResult::maxScore)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first", Status.PASSED, 2, 2),
                        org.assertj.core.groups.Tuple.tuple("second", Status.NOT_RUN, 0, 3));
        assertThat(results.get(1).message()).contains("System.exit").contains("Earlier results were kept");
    }

    @Test
    void merges_the_journals_of_several_jvms_and_ignores_a_torn_last_line() throws Exception {
        Files.writeString(gradeDir.resolve("journal-1.jsonl"),
                "{\"type\":\"planned\",\"id\":\"x\",\"lesson\":\"02\",\"lessonTitle\":\"Two\",\"name\":\"x\",\"points\":1}\n"
                        + "{\"type\":\"finished\",\"id\":\"x\",\"status\":\"failed\",\"message\":\"no\"}\n");
        Files.writeString(gradeDir.resolve("journal-2.jsonl"),
                "{\"type\":\"planned\",\"id\":\"y\",\"lesson\":\"01\",\"lessonTitle\":\"One\",\"name\":\"y\",\"points\":4}\n"
                        + "{\"type\":\"finished\",\"id\":\"y\",\"sta", StandardOpenOption.CREATE);
        Files.writeString(gradeDir.resolve("notes.txt"), "not a journal");

        List<TestResult> results = Journal.read(gradeDir);

        assertThat(results).extracting(TestResult::lesson).as("in lesson order").containsExactly("01", "02");
        assertThat(results.get(0).status()).isEqualTo(Status.NOT_RUN);
        assertThat(results.get(1).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void an_empty_or_missing_folder_has_no_results() {
        assertThat(Journal.read(gradeDir)).isEmpty();
        assertThat(Journal.read(gradeDir.resolve("missing"))).isEmpty();
    }
}
