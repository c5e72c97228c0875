package kit.grader;

import kit.grader.api.Lesson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a lesson cannot forget a step silently: every lesson has its solution and exercise packages, graded tests,
 * page, planted faults, alternative solution and compiler executions ({@link LessonLayout}; docs/instructors.md, "Add a
 * lesson", lists the steps). The check runs over this kit, and over copies of it with one piece taken away, where it
 * must name the lesson and the piece.
 */
class LessonLayoutTest {

    static final Path REPO = PlantedFaultsTest.REPO;

    /** What the check reads; a fixture copies only these. */
    static final List<String> READ = List.of(LessonLayout.SOLUTIONS, LessonLayout.EXERCISES, LessonLayout.GRADED,
            LessonLayout.PAGES, "faults/", "alternatives/", "exercises/pom.xml", "grader/pom.xml", "README.md");

    @TempDir
    Path copy;

    @Test
    void every_lesson_of_the_kit_has_every_piece() throws Exception {
        assertThat(LessonLayout.declaredLessons(REPO)).as("lessons found in " + LessonLayout.GRADED).isNotEmpty();
        assertThat(LessonLayout.problems(REPO)).as("missing pieces of the kit's lessons").isEmpty();
    }

    @Test
    void the_lessons_read_from_the_test_sources_are_the_compiled_graded_test_classes() throws Exception {
        Map<String, LessonLayout.Declared> compiled = new TreeMap<>();
        for (Class<?> type : GradedTestsAreWellFormedTest.lessonClasses()) {
            Lesson lesson = type.getAnnotation(Lesson.class);
            String name = type.getPackageName();
            compiled.put(name.substring(name.lastIndexOf('.') + 1), new LessonLayout.Declared(lesson.id(), lesson.title()));
        }
        assertThat(LessonLayout.declaredLessons(REPO)).isEqualTo(compiled);
    }

    @Test
    void a_copy_of_the_kit_is_well_formed_too() throws Exception {
        Path kit = copyOfTheKit();
        assertThat(LessonLayout.problems(kit)).as("the fixture before a piece is taken away").isEmpty();
    }

    /** One piece of lesson 02 (lessons.vectoradd) taken away, and what the check must say about it. */
    static Stream<Arguments> missing_pieces() {
        return Stream.of(
                Arguments.of("the solution package", (Change) kit -> delete(kit.resolve(LessonLayout.SOLUTIONS + "vectoradd")),
                        "lesson 02 (vectoradd): no solution package, solutions/src/main/java/lessons/vectoradd/ holds no .java file"),
                Arguments.of("the exercise package", (Change) kit -> delete(kit.resolve(LessonLayout.EXERCISES + "vectoradd")),
                        "lesson 02 (vectoradd): no exercise package, exercises/src/main/java/lessons/vectoradd/ holds no .java "
                                + "file (java tools/GenerateStubs.java writes it from the solution)"),
                Arguments.of("the page", (Change) kit -> delete(kit.resolve("docs/lessons/02-vector-add.md")),
                        "lesson 02 (vectoradd): no page, docs/lessons/ has no 02-<name>.md"),
                Arguments.of("the README's link to the page", (Change) kit -> edit(kit.resolve("README.md"),
                                "(?m)^\\| 02 .*\\n", ""),
                        "lesson 02 (vectoradd): README.md's table of lessons does not link its page docs/lessons/02-vector-add.md"),
                Arguments.of("the page's section of what to look for", (Change) kit -> edit(kit.resolve(
                                "docs/lessons/02-vector-add.md"), "## What to look for", "## Notes"),
                        "lesson 02 (vectoradd): docs/lessons/02-vector-add.md has no section '## What to look for' for "
                                + "students"),
                Arguments.of("the planted faults", (Change) kit -> delete(kit.resolve("faults/vectoradd")),
                        "lesson 02 (vectoradd): no planted fault, faults/vectoradd/ holds no <mistake>.properties"),
                Arguments.of("the alternative solution", (Change) kit -> delete(kit.resolve("alternatives/vectoradd")),
                        "lesson 02 (vectoradd): no alternative solution, alternatives/vectoradd/ holds no .java file"),
                Arguments.of("the exercises' compiler execution", (Change) kit -> edit(kit.resolve("exercises/pom.xml"),
                                "(?s)<execution>\\s*<id>compile-vectoradd</id>.*?</execution>", ""),
                        "lesson 02 (vectoradd): no compiler execution in exercises/pom.xml with "
                                + "<include>lessons/vectoradd/**</include> (each lesson compiles on its own)"),
                Arguments.of("the graded tests' compiler execution", (Change) kit -> edit(kit.resolve("grader/pom.xml"),
                                "(?s)<execution>\\s*<id>test-compile-vectoradd</id>.*?</execution>", ""),
                        "lesson 02 (vectoradd): no test compiler execution in grader/pom.xml with "
                                + "<testInclude>lessons/vectoradd/**</testInclude> (each lesson's tests compile on their own)"),
                Arguments.of("the @Lesson of the graded test class", (Change) kit -> edit(
                                kit.resolve(LessonLayout.GRADED + "vectoradd/VectorAddTest.java"), "@Lesson\\(.*?\\)\\n", ""),
                        "lesson package lessons.vectoradd: no graded test class, no class in grader/src/test/java/lessons/"
                                + "vectoradd/ has @Lesson(id = \"NN\", title = \"...\"), so neither its page nor its grade can "
                                + "be found"),
                Arguments.of("its one name on the page", (Change) kit -> {
                            Files.move(kit.resolve(LessonLayout.PAGES + "02-vector-add.md"),
                                    kit.resolve(LessonLayout.PAGES + "02-vectors.md"));
                            edit(kit.resolve("README.md"), "02-vector-add\\.md", "02-vectors.md");
                        },
                        "lesson 02 (vectoradd): its page docs/lessons/02-vectors.md says 'vectors', its package "
                                + "lessons.vectoradd: one name, please (the package is the page's name without hyphens)"),
                Arguments.of("its one name on the test class", (Change) kit -> {
                            Path graded = kit.resolve(LessonLayout.GRADED + "vectoradd");
                            Files.move(graded.resolve("VectorAddTest.java"), graded.resolve("VectorsTest.java"));
                            edit(graded.resolve("VectorsTest.java"), "class VectorAddTest", "class VectorsTest");
                        },
                        "lesson 02 (vectoradd): its graded test class VectorsTest is not named after the lesson "
                                + "(VectorAddTest or VectorAdd...Test, from docs/lessons/02-vector-add.md)"),
                Arguments.of("the right lesson in a planted fault", (Change) kit -> edit(
                                kit.resolve("faults/vectoradd/subtracts.properties"), "lesson=02", "lesson=20"),
                        "lesson 02 (vectoradd): faults/vectoradd/subtracts.properties says lesson=20, not 02"));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("missing_pieces")
    void a_lesson_without_one_of_its_pieces_is_named_with_the_missing_piece(String piece, Change change, String expected)
            throws Exception {
        Path kit = copyOfTheKit();
        change.apply(kit);
        List<String> problems = LessonLayout.problems(kit);
        if (piece.equals("the @Lesson of the graded test class")) {
            // Without its id, the lesson's page is one of no lesson.
            assertThat(problems).contains(expected).contains("docs/lessons/02-vector-add.md: no graded test class has "
                    + "@Lesson(id = \"02\")");
        } else {
            assertThat(problems).as("what the check says without " + piece).containsExactly(expected);
        }
    }

    @Test
    void a_new_lesson_with_only_its_solution_is_named_with_every_missing_piece() throws Exception {
        Path kit = copyOfTheKit();
        Path solution = kit.resolve(LessonLayout.SOLUTIONS + "barriers/Barriers.java");
        Files.createDirectories(solution.getParent());
        Files.writeString(solution, "package lessons.barriers;\n\npublic final class Barriers {\n}\n");

        assertThat(LessonLayout.problems(kit)).containsExactly(
                "lesson package lessons.barriers: no exercise package, exercises/src/main/java/lessons/barriers/ holds no "
                        + ".java file (java tools/GenerateStubs.java writes it from the solution)",
                "lesson package lessons.barriers: no graded test class, no class in grader/src/test/java/lessons/barriers/ "
                        + "has @Lesson(id = \"NN\", title = \"...\"), so neither its page nor its grade can be found",
                "lesson package lessons.barriers: no planted fault, faults/barriers/ holds no <mistake>.properties",
                "lesson package lessons.barriers: no alternative solution, alternatives/barriers/ holds no .java file",
                "lesson package lessons.barriers: no compiler execution in exercises/pom.xml with "
                        + "<include>lessons/barriers/**</include> (each lesson compiles on its own)",
                "lesson package lessons.barriers: no test compiler execution in grader/pom.xml with "
                        + "<testInclude>lessons/barriers/**</testInclude> (each lesson's tests compile on their own)");
    }

    @Test
    void pieces_of_a_lesson_that_is_gone_are_named_too() throws Exception {
        Path kit = copyOfTheKit();
        for (String root : List.of(LessonLayout.SOLUTIONS, LessonLayout.EXERCISES, LessonLayout.GRADED)) {
            delete(kit.resolve(root + "vectoradd"));
        }
        assertThat(LessonLayout.problems(kit)).containsExactly(
                "docs/lessons/02-vector-add.md: no graded test class has @Lesson(id = \"02\")",
                "faults/vectoradd/: lessons.vectoradd is no lesson package",
                "alternatives/vectoradd/: lessons.vectoradd is no lesson package",
                "exercises/pom.xml compiles lessons/vectoradd/**, which is no lesson package",
                "grader/pom.xml compiles lessons/vectoradd/**, which is no lesson package");
    }

    @FunctionalInterface
    interface Change {
        void apply(Path kit) throws IOException;
    }

    /** The files of this kit that the check reads, copied into the test's temporary folder. */
    Path copyOfTheKit() throws IOException {
        Path kit = copy.resolve("kit");
        for (String piece : READ) {
            Path from = REPO.resolve(piece);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = kit.resolve(REPO.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        }
        return kit;
    }

    static void delete(Path path) throws IOException {
        assertThat(path).as("the piece to take away").exists();
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static void edit(Path file, String regex, String replacement) throws IOException {
        String before = Files.readString(file);
        String after = before.replaceFirst(regex, replacement);
        assertThat(after).as("the edit of " + file + " changes it").isNotEqualTo(before);
        Files.writeString(file, after);
    }
}
