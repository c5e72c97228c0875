package kit.grader.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -Dlesson=}: one lesson, by any of its one name's spellings, and never a lesson it does not name. */
class LessonFilterTest {

    static boolean lesson04(String wanted) {
        return LessonFilter.matches(wanted, "04", "A global lock", "lessons.globallock");
    }

    @Test
    void a_lesson_is_named_by_its_id_its_title_its_package_or_its_page() {
        assertThat(lesson04("04")).as("id").isTrue();
        assertThat(lesson04("4")).as("id without its zero").isTrue();
        assertThat(lesson04("A global lock")).as("title").isTrue();
        assertThat(lesson04("globallock")).as("package").isTrue();
        assertThat(lesson04("global-lock")).as("page, docs/lessons/04-global-lock.md").isTrue();
        assertThat(lesson04(" Global-Lock ")).as("any case, spaces around").isTrue();
    }

    @Test
    void anything_else_names_no_lesson() {
        assertThat(lesson04("05")).isFalse();
        assertThat(lesson04("global")).as("a part of the name").isFalse();
        assertThat(lesson04("gil")).as("the package's old name").isFalse();
        assertThat(lesson04("04-global-lock")).as("the page's file name").isFalse();
        assertThat(lesson04("")).isFalse();
    }
}
