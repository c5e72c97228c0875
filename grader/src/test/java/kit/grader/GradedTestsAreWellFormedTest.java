package kit.grader;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.run.LessonCatalog;
import kit.grader.run.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit's promise for every graded test: points, a timeout, and a hint a student can act on. */
class GradedTestsAreWellFormedTest {

    static List<Class<?>> lessonClasses() throws Exception {
        Path root = Path.of("target", "test-classes");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("lessons"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replace('\\', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name));
            }
        }
        return classes;
    }

    /** docs/instructors.md quotes this bound: keep the two in step. */
    static final long WORST_CASE_MINUTES = 80;

    @Test
    void a_whole_run_has_a_bound_whatever_the_student_code_does() throws Exception {
        long seconds = 0;
        StringBuilder perLesson = new StringBuilder();
        for (Class<?> type : lessonClasses()) {
            long budget = LessonCatalog.budgetSeconds(LessonCatalog.of(type), List.of(), Supervisor.DEFAULT_ALLOWANCE);
            perLesson.append(String.format("  %-22s %4d s%n", type.getSimpleName(), budget));
            seconds += budget;
        }
        System.out.printf("Worst case of ./mvnw test (every lesson hangs until stopped): %d s (%.1f min)%n%s",
                seconds, seconds / 60.0, perLesson);
        assertThat(seconds).as("the worst case of a whole run, in seconds").isLessThanOrEqualTo(WORST_CASE_MINUTES * 60);
    }

    @Test
    void every_lesson_test_class_names_its_lesson_and_every_test_has_points_a_timeout_and_a_hint() throws Exception {
        List<Class<?>> classes = lessonClasses();
        assertThat(classes).as("graded test classes under lessons/").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Class<?> type : classes) {
            if (type.getAnnotation(Lesson.class) == null) {
                problems.add(type.getName() + " has no @Lesson");
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Test.class)) {
                    continue;
                }
                String name = type.getSimpleName() + "." + method.getName();
                Points points = method.getAnnotation(Points.class);
                if (points == null || points.value() <= 0) {
                    problems.add(name + " has no positive @Points");
                }
                if (!method.isAnnotationPresent(Timeout.class)) {
                    problems.add(name + " has no @Timeout");
                }
                if (!method.isAnnotationPresent(Hint.class) || method.getAnnotation(Hint.class).value().isBlank()) {
                    problems.add(name + " has no @Hint");
                }
            }
        }
        assertThat(problems).as("graded tests missing points, a timeout or a hint").isEmpty();
    }

    @Test
    void lesson_ids_are_two_digits_and_unique() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Class<?> type : lessonClasses()) {
            Lesson lesson = type.getAnnotation(Lesson.class);
            if (lesson != null) {
                assertThat(lesson.id()).as(type.getName()).matches("\\d\\d");
                ids.add(lesson.id() + " " + lesson.title());
            }
        }
        assertThat(ids.stream().map(id -> id.substring(0, 2)).distinct().count()).as("lesson ids in %s", ids)
                .isEqualTo(ids.stream().distinct().count());
    }
}
