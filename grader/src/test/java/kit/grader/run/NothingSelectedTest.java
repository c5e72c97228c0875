package kit.grader.run;

import kit.grader.Grade;
import kit.grader.fixtures.SampleLessonFixture;
import kit.grader.fixtures.supervised.ExitingLessonTest;
import kit.grader.report.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When -Dtest or -Dlesson selects no graded test, the run says so: which of them, and what there is to select; the
 * build fails with that line, not with a hint at a compile error.
 */
class NothingSelectedTest {

    static final List<LessonCatalog.GradedClass> LESSONS = SelectionTest.LESSONS;

    /** A lesson whose test class did not compile: known from its source only. */
    static final LessonSelection.Uncompiled BROKEN = new LessonSelection.Uncompiled("lessons.broken.BrokenTest", "42", "Broken",
            Map.of("adds", 1, "adds_in_parallel", 2));

    static Optional<String> why(String lesson, String test) {
        TestFilter filter = TestFilter.parse(test);
        List<LessonSelection.Uncompiled> uncompiled = List.of(BROKEN);
        return LessonSelection.nothingSelected(LESSONS, uncompiled, lesson, filter, LessonSelection.select(LESSONS, lesson, filter),
                LessonSelection.selectUncompiled(uncompiled, lesson, filter));
    }

    @Test
    void a_selection_with_graded_tests_has_nothing_to_explain() {
        assertThat(why("", "")).isEmpty();
        assertThat(why("", "ExitingLessonTest#pass*")).isEmpty();
        assertThat(why("91", "")).isEmpty();
        assertThat(why("", "BrokenTest#adds")).as("a test of a lesson that did not compile counts (as an error)").isEmpty();
    }

    @Test
    void a_pattern_that_matches_nothing_is_named_with_every_graded_test_class() {
        assertThat(why("", "NoSuchTest")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("-Dtest=NoSuchTest matches no graded test in any lesson.")
                .contains("The graded test classes: 42 Broken: BrokenTest; 91 Exits: ExitingLessonTest; "
                        + "92 Hangs: HangingLessonTest; 95 Halts: HaltingLessonTest.")
                .contains("Class#method*").contains("%regex[")
                .doesNotContain("compile error"));
    }

    @Test
    void a_class_that_matches_without_any_of_its_tests_lists_its_graded_tests() {
        assertThat(why("", "ExitingLessonTest#no_such_test")).hasValueSatisfying(why -> assertThat(why)
                .contains("ExitingLessonTest matches, but none of its graded tests does: "
                        + "calls_system_exit, never_gets_to_run, passes_before_the_exit.")
                .doesNotContain("HaltingLessonTest matches"));
        assertThat(why("", "BrokenTest#subtracts")).hasValueSatisfying(why -> assertThat(why)
                .contains("BrokenTest matches, but none of its graded tests does: "));
    }

    @Test
    void a_method_pattern_that_every_class_matches_does_not_list_every_test() {
        assertThat(why("", "#no_such_test")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("-Dtest=#no_such_test matches no graded test in any lesson. It matches 4 classes, but none of "
                        + "their graded tests.")
                .doesNotContain("passes_before_the_exit"));
    }

    @Test
    void a_lesson_without_graded_tests_is_said_so_without_blaming_the_pattern() {
        LessonCatalog.GradedClass exits = LessonCatalog.of(ExitingLessonTest.class);
        LessonCatalog.GradedClass ungraded = new LessonCatalog.GradedClass(exits.className(), exits.lesson(),
                exits.tests().stream().map(t -> new LessonCatalog.TestMethod(t.method(), 0, t.timeoutSeconds(), "")).toList(),
                0, Set.of());
        TestFilter all = TestFilter.parse("");
        assertThat(LessonSelection.nothingSelected(List.of(ungraded), List.of(), "91", all,
                LessonSelection.select(List.of(ungraded), "91", all), List.of()))
                .hasValueSatisfying(why -> assertThat(why).startsWith("There is no graded test in lesson 91 Exits (-Dlesson=91)."));
    }

    @Test
    void with_a_lesson_it_names_the_lesson_and_where_else_the_pattern_matches() {
        assertThat(why("92", "ExitingLessonTest#pass*")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("-Dtest=ExitingLessonTest#pass* matches no graded test in lesson 92 Hangs (-Dlesson=92).")
                .contains("Without -Dlesson it selects ExitingLessonTest (lesson 91 Exits).")
                .contains("The graded test classes: 42 Broken: BrokenTest;"));
        assertThat(why("92", "!HangingLessonTest")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("-Dtest=!HangingLessonTest matches no graded test in lesson 92 Hangs (-Dlesson=92).")
                .contains("Without -Dlesson it selects BrokenTest (lesson 42 Broken), ExitingLessonTest (lesson 91 Exits), "
                        + "HaltingLessonTest (lesson 95 Halts).")
                .doesNotContain("HangingLessonTest (lesson"));
        List<LessonCatalog.GradedClass> many = java.util.stream.Stream.of(kit.grader.fixtures.supervised.CrashingLessonTest.class,
                kit.grader.fixtures.supervised.LeakingLessonTest.class, ExitingLessonTest.class,
                kit.grader.fixtures.supervised.HaltingLessonTest.class, kit.grader.fixtures.supervised.HangingLessonTest.class)
                .map(LessonCatalog::of).toList();
        TestFilter allButHangs = TestFilter.parse("!HangingLessonTest");
        assertThat(LessonSelection.nothingSelected(many, List.of(), "92", allButHangs, LessonSelection.select(many, "92", allButHangs), List.of()))
                .as("four classes elsewhere are counted, not named")
                .hasValueSatisfying(why -> assertThat(why).contains("Without -Dlesson it selects 4 classes of other lessons."));
    }

    @Test
    void a_lesson_that_names_no_lesson_lists_the_lessons() {
        assertThat(why("99", "")).hasValue("-Dlesson=99 names no lesson: use a lesson's number (01 or 1) or its name "
                + "(threads, global-lock). The lessons: 42 Broken (broken), 91 Exits (supervised), 92 Hangs (supervised), 95 Halts (supervised).");
        assertThat(why("99", "ExitingLessonTest")).as("-Dlesson is what matches nothing")
                .hasValueSatisfying(why -> assertThat(why).startsWith("-Dlesson=99 names no lesson"));
    }

    @Test
    void only_ungraded_tests_are_no_graded_test() {
        List<LessonCatalog.GradedClass> sample = List.of(LessonCatalog.of(SampleLessonFixture.class));
        TestFilter filter = TestFilter.parse("SampleLessonFixture#has_no_points*");
        List<LessonSelection.Selection> selections = LessonSelection.select(sample, "", filter);
        assertThat(selections).as("JUnit would run it").hasSize(1);
        assertThat(LessonSelection.nothingSelected(sample, List.of(), "", filter, selections, List.of()))
                .hasValueSatisfying(why -> assertThat(why).contains("matches no graded test")
                        .contains("SampleLessonFixture matches, but none of its graded tests does"));
    }

    @Test
    void the_build_fails_with_the_supervisors_reason_and_nothing_runs(@TempDir Path gradeDir) throws Exception {
        Supervisor.main(new String[]{"--grade-dir", gradeDir.toString(), "--test-classes",
                Path.of("target", "test-classes").toString(), "--scan", "kit/grader/fixtures/supervised", "--contain", "off",
                "--lesson", "91", "--test", "ExitingLessonTest#no_such_test"});
        assertThat(Journal.read(gradeDir)).as("no lesson ran").isEmpty();
        assertThat(Journal.nothingToGrade(gradeDir)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("-Dtest=ExitingLessonTest#no_such_test matches no graded test in lesson 91 Exits (-Dlesson=91)."));
        assertThatThrownBy(() -> Grade.grade(new String[]{gradeDir.toString(), "solutions", "91"}))
                .isInstanceOf(Grade.PointsMissing.class)
                .hasMessage(Journal.nothingToGrade(gradeDir).orElseThrow())
                .hasMessageNotContaining("compile error");
    }

    @Test
    void a_pattern_surefire_refuses_fails_the_build_with_surefires_reason(@TempDir Path gradeDir) throws Exception {
        Supervisor.main(new String[]{"--grade-dir", gradeDir.toString(), "--test-classes",
                Path.of("target", "test-classes").toString(), "--scan", "kit/grader/fixtures/supervised", "--contain", "off",
                "--test", "%regex[a#b#c]"});
        assertThatThrownBy(() -> Grade.grade(new String[]{gradeDir.toString(), "solutions", ""}))
                .isInstanceOf(Grade.PointsMissing.class)
                .hasMessageStartingWith("-Dtest=%regex[a#b#c] is not a pattern Surefire accepts: ")
                .hasMessageContaining("Extra '#'")
                .hasMessageNotContaining("\n");
    }
}
