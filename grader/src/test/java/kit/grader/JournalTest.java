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
        Journal.write(gradeDir, List.of(Journal.Event.planned("a", "01", "Threads", "first", 2, "hint a"),
                Journal.Event.planned("b", "01", "Threads", "second", 3, ""),
                Journal.Event.finished("a", Status.PASSED, "", 12, Map.of(), null)));
        List<TestResult> results = Journal.read(gradeDir);

        assertThat(results).extracting(TestResult::name, TestResult::status, TestResult::score, TestResult::maxScore)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first", Status.PASSED, 2, 2),
                        org.assertj.core.groups.Tuple.tuple("second", Status.NOT_RUN, 0, 3));
        assertThat(results.get(1).message()).contains("System.exit").contains("Earlier results were kept");
    }

    @Test
    void only_the_supervisors_journal_counts_and_a_torn_line_is_skipped() throws Exception {
        Files.writeString(gradeDir.resolve(Journal.FILE),
                "{\"type\":\"planned\",\"id\":\"x\",\"lesson\":\"02\",\"lessonTitle\":\"Two\",\"name\":\"x\",\"points\":1}\n"
                        + "{\"type\":\"planned\",\"id\":\"y\",\"lesson\":\"01\",\"lessonTitle\":\"One\",\"name\":\"y\",\"points\":4}\n"
                        + "{\"type\":\"finished\",\"id\":\"x\",\"status\":\"failed\",\"message\":\"no\"}\n"
                        + "{\"type\":\"finished\",\"id\":\"y\",\"sta");
        // What a lesson's code might leave in the folder: another journal that says everything passed.
        Files.writeString(gradeDir.resolve("journal-0.jsonl"),
                "{\"type\":\"finished\",\"id\":\"y\",\"status\":\"passed\"}\n", StandardOpenOption.CREATE);

        List<TestResult> results = Journal.read(gradeDir);

        assertThat(results).extracting(TestResult::lesson).as("in lesson order").containsExactly("01", "02");
        assertThat(results.get(0).status()).isEqualTo(Status.NOT_RUN);
        assertThat(results.get(1).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void writing_replaces_the_whole_journal() {
        Journal.write(gradeDir, List.of(Journal.Event.planned("a", "01", "Threads", "first", 2, "")));
        Journal.write(gradeDir, List.of(Journal.Event.planned("b", "01", "Threads", "second", 3, ""),
                Journal.Event.policy("01", "Threads", false, "lessons.threads.X.f (X.java:3) uses System.exit(int)")));
        assertThat(Journal.read(gradeDir)).extracting(TestResult::name).containsExactly("second");
        assertThat(Journal.policies(gradeDir)).singleElement().satisfies(p -> {
            assertThat(p.passed()).isFalse();
            assertThat(p.message()).contains("System.exit");
        });
    }

    @Test
    void a_skipped_test_earns_nothing_and_keeps_its_points_in_the_maximum() {
        Journal.write(gradeDir, List.of(Journal.Event.planned("a", "04", "Lock", "speeds up", 3, "hint"),
                Journal.Event.finished("a", Status.SKIPPED, "Skipped: needs 2 cores, this machine has 1", 0, null, null)));
        assertThat(Journal.read(gradeDir)).singleElement().satisfies(t -> {
            assertThat(t.score()).isZero();
            assertThat(t.maxScore()).isEqualTo(3);
            assertThat(t.message()).contains("needs 2 cores, this machine has 1");
        });
    }

    @Test
    void an_empty_or_missing_folder_has_no_results() {
        assertThat(Journal.read(gradeDir)).isEmpty();
        assertThat(Journal.read(gradeDir.resolve("missing"))).isEmpty();
    }
}
