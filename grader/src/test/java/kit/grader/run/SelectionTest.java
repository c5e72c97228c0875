package kit.grader.run;

import kit.grader.fixtures.supervised.ExitingLessonTest;
import kit.grader.fixtures.supervised.HaltingLessonTest;
import kit.grader.fixtures.supervised.HangingLessonTest;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * -Dtest as surefire reads it (its own TestListResolver): every form surefire takes, "!" to leave something out, and
 * -Dlesson on top. The fixtures are kit/grader/fixtures/supervised/{Exiting,Halting,Hanging}LessonTest.class, of
 * lessons 91 Exits, 95 Halts and 92 Hangs.
 */
class SelectionTest {

    static final List<LessonCatalog.GradedClass> LESSONS = List.of(ExitingLessonTest.class, HaltingLessonTest.class,
            HangingLessonTest.class).stream().map(LessonCatalog::of).toList();

    static List<String> selected(String test) {
        return selected("", test);
    }

    static List<String> selected(String lesson, String test) {
        return LessonSelection.select(LESSONS, lesson, test).stream()
                .map(s -> s.type().simpleName() + (s.methods().isEmpty() ? "" : s.methods().toString())).toList();
    }

    @Test
    void nothing_given_selects_every_class() {
        assertThat(selected("")).containsExactly("ExitingLessonTest", "HaltingLessonTest", "HangingLessonTest");
        assertThat(selected(" , ")).as("only separators").containsExactly("ExitingLessonTest", "HaltingLessonTest", "HangingLessonTest");
    }

    @Test
    void a_class_is_named_by_its_simple_name_its_full_name_or_its_path() {
        assertThat(selected("HaltingLessonTest")).containsExactly("HaltingLessonTest");
        assertThat(selected("kit.grader.fixtures.supervised.HaltingLessonTest")).as("full name").containsExactly("HaltingLessonTest");
        assertThat(selected("kit/grader/fixtures/supervised/HaltingLessonTest")).as("pkg/Class").containsExactly("HaltingLessonTest");
        assertThat(selected("supervised/HaltingLessonTest")).as("the end of its path").containsExactly("HaltingLessonTest");
        assertThat(selected("**/HaltingLessonTest")).as("**/Class").containsExactly("HaltingLessonTest");
        assertThat(selected("HaltingLessonTest.java")).as("its source file").containsExactly("HaltingLessonTest");
        assertThat(selected("other/HaltingLessonTest")).as("another package").isEmpty();
        assertThat(selected("LessonTest")).as("a part of a name is not a name").isEmpty();
    }

    @Test
    void wildcards_match_classes_and_paths() {
        assertThat(selected("H*LessonTest")).containsExactly("HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("Ha?gingLessonTest")).as("? is one character").containsExactly("HangingLessonTest");
        assertThat(selected("kit/**/H*")).containsExactly("HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("kit/grader/fixtures/supervised/*")).containsExactly("ExitingLessonTest", "HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("kit/grader/*")).as("* stays within a folder").isEmpty();
        assertThat(selected("HaltingLessonTest, HangingLessonTest")).as("comma-separated")
                .containsExactly("HaltingLessonTest", "HangingLessonTest");
    }

    @Test
    void methods_are_named_one_by_one_by_glob_or_joined_with_a_plus() {
        assertThat(selected("ExitingLessonTest#never_gets_to_run")).containsExactly("ExitingLessonTest[never_gets_to_run]");
        assertThat(selected("ExitingLessonTest#pass*")).as("Class#method*").containsExactly("ExitingLessonTest[passes_before_the_exit]");
        assertThat(selected("ExitingLessonTest#*exit")).containsExactly("ExitingLessonTest[calls_system_exit, passes_before_the_exit]");
        assertThat(selected("ExitingLessonTest#never_gets_to_run+calls_system_exit")).as("Class#a+b")
                .containsExactly("ExitingLessonTest[calls_system_exit, never_gets_to_run]");
        assertThat(selected("#passes_before_the_*")).as("#method in every class")
                .containsExactly("ExitingLessonTest[passes_before_the_exit]", "HaltingLessonTest[passes_before_the_halt]");
        assertThat(selected("ExitingLessonTest#no_such_test")).isEmpty();
    }

    @Test
    void every_method_of_a_class_is_the_whole_class() {
        assertThat(selected("ExitingLessonTest#*")).containsExactly("ExitingLessonTest");
        assertThat(selected("HaltingLessonTest#passes_before_the_halt+calls_runtime_halt")).containsExactly("HaltingLessonTest");
    }

    @Test
    void a_regex_matches_the_class_file_and_the_method() {
        assertThat(selected("%regex[.*H[a-z]+ingLessonTest.*]")).containsExactly("HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("%regex[kit/grader/fixtures/supervised/Exiting.*]")).containsExactly("ExitingLessonTest");
        assertThat(selected("%regex[.*Exiting.*#.*_exit]")).as("class#method")
                .containsExactly("ExitingLessonTest[calls_system_exit, passes_before_the_exit]");
        assertThat(selected("%regex[#passes_.*|spins_forever]")).as("#method alone")
                .containsExactly("ExitingLessonTest[passes_before_the_exit]", "HaltingLessonTest[passes_before_the_halt]",
                        "HangingLessonTest");
    }

    @Test
    void an_exclamation_mark_leaves_a_class_or_a_method_out() {
        assertThat(selected("!HangingLessonTest")).containsExactly("ExitingLessonTest", "HaltingLessonTest");
        assertThat(selected("!H*")).containsExactly("ExitingLessonTest");
        assertThat(selected("!**/supervised/Ha*")).containsExactly("ExitingLessonTest");
        assertThat(selected("!%regex[.*Ha.*]")).containsExactly("ExitingLessonTest");
        assertThat(selected("ExitingLessonTest,!ExitingLessonTest#calls_system_exit"))
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]");
        assertThat(selected("!ExitingLessonTest#calls_system_exit,!H*"))
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]");
        assertThat(selected("!#calls_*")).as("a method in every class")
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]",
                        "HaltingLessonTest[passes_before_the_halt]", "HangingLessonTest");
        assertThat(selected("ExitingLessonTest#*,!ExitingLessonTest#never*+calls*"))
                .containsExactly("ExitingLessonTest[passes_before_the_exit]");
        assertThat(selected("ExitingLessonTest,!ExitingLessonTest")).as("left out wins").isEmpty();
    }

    @Test
    void lesson_selects_first_and_test_within_it() {
        assertThat(selected("91", "")).containsExactly("ExitingLessonTest");
        assertThat(selected("exits", "*LessonTest")).as("by title").containsExactly("ExitingLessonTest");
        assertThat(selected("supervised", "H*")).as("by package: all three fixtures")
                .containsExactly("HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("91", "!ExitingLessonTest#calls_system_exit"))
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]");
        assertThat(selected("95", "#passes_before_the_*")).containsExactly("HaltingLessonTest[passes_before_the_halt]");
        assertThat(selected("92", "ExitingLessonTest")).as("a class of another lesson").isEmpty();
        assertThat(selected("99", "")).as("no such lesson").isEmpty();
    }

    @Test
    void a_pattern_surefire_refuses_is_refused_with_surefires_reason() {
        assertThatThrownBy(() -> TestFilter.parse("%regex[.*(]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%regex[]");
        assertThatThrownBy(() -> TestFilter.parse("ExitingLessonTest,%regex[a#b#c]")).as("in a later pattern")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Extra '#'");
        assertThatThrownBy(() -> TestFilter.parse("x%regex[a]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Illegal test");
    }

    @Test
    void a_class_that_did_not_compile_is_selected_by_its_name_alone() {
        assertThat(mayRun("", "RacesTest")).isTrue();
        assertThat(mayRun("!RacesJcstressTest", "RacesJcstressTest")).isFalse();
        assertThat(mayRun("!RacesJcstressTest", "RacesTest")).isTrue();
        assertThat(mayRun("!lessons/races/*", "RacesTest")).as("by its path").isFalse();
        assertThat(mayRun("!lessons.races.RacesTest", "RacesTest")).as("by its full name").isFalse();
        assertThat(mayRun("Threads*", "RacesTest")).isFalse();
        assertThat(mayRun("*#some_method", "RacesTest")).isTrue();
        assertThat(mayRun("#some_method", "RacesTest")).as("a method alone may be in any class").isTrue();
        assertThat(mayRun("!RacesTest#some_method", "RacesTest")).as("only a method left out").isTrue();
    }

    @Test
    void a_lesson_that_did_not_compile_is_read_from_the_catalog_and_its_tests_are_selected_by_name(@TempDir Path dir)
            throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/lessons/fine"));
        Path catalog = dir.resolve(LessonCatalog.FILE);
        Files.writeString(catalog, LessonCatalog.format(List.of(
                new LessonCatalog.Entry("42", "Broken", "lessons.broken.BrokenTest", 150, List.of(
                        new LessonCatalog.Entry.Method("adds", 1, 30), new LessonCatalog.Entry.Method("adds_in_parallel", 2, 30),
                        new LessonCatalog.Entry.Method("helper_check", 0, 30))),
                new LessonCatalog.Entry("43", "Fine", "lessons.fine.FineTest", 90, List.of(
                        new LessonCatalog.Entry.Method("fine", 1, 30))))));
        Files.writeString(classes.resolve("FineTest.class"), "compiled");

        List<LessonSelection.Uncompiled> uncompiled = LessonSelection.uncompiled(catalog, dir.resolve("classes"));
        assertThat(uncompiled).as("only the class without a class file, with its graded tests").containsExactly(
                new LessonSelection.Uncompiled("lessons.broken.BrokenTest", "42", "Broken", Map.of("adds", 1, "adds_in_parallel", 2)));
        assertThat(LessonSelection.selectUncompiled(uncompiled, "", TestFilter.parse("BrokenTest#*parallel")))
                .singleElement().extracting(u -> List.copyOf(u.graded().keySet())).isEqualTo(List.of("adds_in_parallel"));
        assertThat(LessonSelection.selectUncompiled(uncompiled, "broken", TestFilter.parse("")))
                .singleElement().extracting(u -> List.copyOf(u.graded().keySet())).isEqualTo(List.of("adds", "adds_in_parallel"));
        assertThat(LessonSelection.selectUncompiled(uncompiled, "", TestFilter.parse("!lessons/broken/*"))).isEmpty();
        assertThat(LessonSelection.selectUncompiled(uncompiled, "43", TestFilter.parse(""))).isEmpty();

        Path gradeDir = dir.resolve("grade");
        Supervisor.main(new String[]{"--grade-dir", gradeDir.toString(), "--test-classes", dir.resolve("classes").toString(),
                "--catalog", catalog.toString(), "--contain", "off", "--test", "BrokenTest#*parallel"});
        assertThat(Journal.read(gradeDir)).as("only the selected test, as an error")
                .extracting(TestResult::name, TestResult::status).containsExactly(tuple("adds in parallel", Status.ERROR));
    }

    static boolean mayRun(String test, String simpleName) {
        return TestFilter.parse(test).mayRun("lessons.races." + simpleName);
    }
}
