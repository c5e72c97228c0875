package kit.grader.run;

import kit.grader.fixtures.SampleLessonFixture;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor takes a lesson's events only in order, and the points only from the compiled test classes. */
class LessonRecordTest {

    static final String CLASS = SampleLessonFixture.class.getName();
    static final String PASSES = CLASS + "#passes";

    @TempDir
    Path gradeDir;

    LessonRecord record = new LessonRecord(LessonCatalog.of(SampleLessonFixture.class), List.of("passes", "fails_an_assertion"));

    List<TestResult> results() {
        Journal.write(gradeDir, record.events());
        return Journal.read(gradeDir);
    }

    @Test
    void plans_the_selected_graded_tests_with_the_catalogs_points_and_takes_an_orderly_result() {
        record.accept(Channel.Event.planned(PASSES));
        record.accept(Channel.Event.started(PASSES));
        record.accept(Channel.Event.finished(PASSES, "passed", "", 5, null, null));
        record.finishUnfinished("never finished");
        assertThat(results()).extracting(TestResult::name, TestResult::status, TestResult::score, TestResult::maxScore)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("passes", Status.PASSED, 2, 2),
                        org.assertj.core.groups.Tuple.tuple("fails an assertion", Status.NOT_RUN, 0, 3));
    }

    @Test
    void refuses_a_result_without_a_plan_a_second_result_a_start_after_the_end_and_unknown_tests() {
        record.accept(Channel.Event.finished(PASSES, "passed", "", 5, null, null));            // before JUnit planned it
        record.accept(Channel.Event.planned(PASSES));
        record.accept(Channel.Event.started(PASSES));
        record.accept(Channel.Event.finished(PASSES, "failed", "wrong", 5, null, null));
        record.accept(Channel.Event.finished(PASSES, "passed", "", 5, null, null));            // a second result
        record.accept(Channel.Event.started(PASSES));                                          // after the end
        record.accept(Channel.Event.finished(CLASS + "#hangs", "passed", "", 5, null, null));  // not selected: ignored
        record.accept(Channel.Event.finished("lessons.Other#x", "passed", "", 5, null, null)); // not planned
        record.accept(Channel.Event.planned(CLASS + "#fails_an_assertion"));
        record.accept(Channel.Event.finished(CLASS + "#fails_an_assertion", "not-run", "", 1, null, null));
        record.accept(Channel.Event.finished(CLASS + "#fails_an_assertion", "great", "", 1, null, null));
        record.finishUnfinished("never finished");

        assertThat(results()).filteredOn(t -> t.name().equals("passes")).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(Status.FAILED));
        assertThat(results()).filteredOn(t -> t.name().equals("fails an assertion")).singleElement()
                .satisfies(t -> assertThat(t.message()).isEqualTo("never finished"));
        assertThat(Journal.notes(gradeDir)).singleElement().satisfies(note -> assertThat(note)
                .contains("refused 6 event(s)").contains("before JUnit planned the test").contains("a second result")
                .contains("after the test's end").contains("for a test that was not planned")
                .contains("with a status only the supervisor gives"));
    }

    @Test
    void keeps_few_and_short_notes_from_the_lesson() {
        for (int i = 0; i < 50; i++) {
            record.accept(Channel.Event.note("x".repeat(5_000)));
        }
        assertThat(Journal.notes(gradeDir.resolve("none"))).isEmpty();
        Journal.write(gradeDir, record.events());
        assertThat(Journal.notes(gradeDir)).hasSize(LessonRecord.MAX_NOTES)
                .allSatisfy(note -> assertThat(note.length()).isLessThan(LessonRecord.MAX_NOTE_LENGTH + 100));
    }
}
