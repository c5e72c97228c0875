package kit.grader.run;

import kit.grader.fixtures.supervised.ExitingLessonTest;
import kit.grader.fixtures.supervised.HaltingLessonTest;
import kit.grader.fixtures.supervised.HangingLessonTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** -Dtest as surefire reads it: classes, Class#method, globs, and "!" to leave something out. */
class SelectionTest {

    static final List<LessonCatalog.GradedClass> LESSONS = List.of(ExitingLessonTest.class, HaltingLessonTest.class,
            HangingLessonTest.class).stream().map(LessonCatalog::of).toList();

    static List<String> selected(String test) {
        return Supervisor.select(LESSONS, "", test).stream()
                .map(s -> s.type().simpleName() + (s.methods().isEmpty() ? "" : s.methods().toString())).toList();
    }

    @Test
    void nothing_given_selects_every_class() {
        assertThat(selected("")).containsExactly("ExitingLessonTest", "HaltingLessonTest", "HangingLessonTest");
    }

    @Test
    void classes_methods_and_globs_select_what_they_name() {
        assertThat(selected("HaltingLessonTest")).containsExactly("HaltingLessonTest");
        assertThat(selected("H*LessonTest")).containsExactly("HaltingLessonTest", "HangingLessonTest");
        assertThat(selected("ExitingLessonTest#never_gets_to_run")).containsExactly("ExitingLessonTest[never_gets_to_run]");
    }

    @Test
    void an_exclamation_mark_leaves_a_class_or_a_method_out() {
        assertThat(selected("!HangingLessonTest")).containsExactly("ExitingLessonTest", "HaltingLessonTest");
        assertThat(selected("!H*")).containsExactly("ExitingLessonTest");
        assertThat(selected("ExitingLessonTest,!ExitingLessonTest#calls_system_exit"))
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]");
        assertThat(selected("!ExitingLessonTest#calls_system_exit,!H*"))
                .containsExactly("ExitingLessonTest[never_gets_to_run, passes_before_the_exit]");
        assertThat(selected("ExitingLessonTest,!ExitingLessonTest")).as("left out wins").isEmpty();
    }

    @Test
    void a_class_that_did_not_compile_is_selected_by_its_name_alone() {
        assertThat(mayRun("", "RacesTest")).isTrue();
        assertThat(mayRun("!RacesJcstressTest", "RacesJcstressTest")).isFalse();
        assertThat(mayRun("!RacesJcstressTest", "RacesTest")).isTrue();
        assertThat(mayRun("!lessons.races.*", "RacesTest")).as("by its full name").isFalse();
        assertThat(mayRun("Threads*", "RacesTest")).isFalse();
        assertThat(mayRun("*#some_method", "RacesTest")).isTrue();
        assertThat(mayRun("!RacesTest#some_method", "RacesTest")).as("only a method left out").isTrue();
    }

    static boolean mayRun(String test, String simpleName) {
        return TestFilter.parse(test).mayRun(simpleName, "lessons.races." + simpleName);
    }
}
