package kit.grader;

import kit.grader.api.Lesson;
import kit.grader.run.LessonFilter;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code -Dlesson} for the kit's own checks: {@code ./mvnw verify -Psolutions -Dlesson=01} plants only lesson 01's
 * faults, grades only its alternative solution and leaves out the checks of the whole kit (the template, the regrade),
 * as it grades only lesson 01. Maven hands the selection to the engine tests as {@value #PROPERTY}.
 */
final class KitChecks {

    static final String PROPERTY = "kit.lesson";

    private KitChecks() {
    }

    /** The lesson selection, empty for all of them. */
    static String lesson() {
        return System.getProperty(PROPERTY, "").strip();
    }

    /** Whether a lesson, by its id (01), is among those selected: -Dlesson names it by id, title or package. */
    static boolean selected(String id) {
        if (lesson().isEmpty()) {
            return true;
        }
        try {
            return GradedTestsAreWellFormedTest.lessonClasses().stream()
                    .filter(type -> type.getAnnotation(Lesson.class).id().equals(id))
                    .anyMatch(type -> LessonFilter.matches(lesson(), id, type.getAnnotation(Lesson.class).title(),
                            type.getPackageName()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the graded test classes", e);
        }
    }

    /** Skips a check of the whole kit when only some lessons are selected. */
    static void assumeWholeKit() {
        Assumptions.assumeTrue(lesson().isEmpty(), "a check of the whole kit: it runs without -Dlesson (now -Dlesson="
                + lesson() + ")");
    }
}
