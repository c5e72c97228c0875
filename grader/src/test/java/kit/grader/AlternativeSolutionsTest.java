package kit.grader;

import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A correct solution written differently scores 100 %: every folder {@code alternatives/<package>/} holds whole
 * replacement files for the solutions of lesson package {@code lessons.<package>}, written in another style (see
 * alternatives/README.md). They are compiled over the solutions and that lesson is graded through the supervisor:
 * every graded test must pass. Every lesson has such a folder.
 */
class AlternativeSolutionsTest {

    static final Path ALTERNATIVES = PlantedFaultsTest.REPO.resolve("alternatives");

    /**
     * Left out of the run: lesson 03's jcstress tests take minutes and judge each fix only beside its racy version
     * (see PlantedFaultsTest); the alternatives of lesson 03 are graded by its other tests.
     */
    static final String LEFT_OUT = "!RacesJcstressTest";

    @TempDir
    Path work;

    /** Lesson id by lesson package (threads -> 01), from the graded test classes. */
    static Map<String, String> lessonsByPackage() throws Exception {
        Map<String, String> lessons = new TreeMap<>();
        for (Class<?> type : GradedTestsAreWellFormedTest.lessonClasses()) {
            String name = type.getPackageName();
            lessons.put(name.substring(name.lastIndexOf('.') + 1), type.getAnnotation(Lesson.class).id());
        }
        return lessons;
    }

    /** The graded tests of a lesson that the run grades, as the journal names them. */
    static Set<String> gradedTests(String lesson) throws Exception {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : GradedTestsAreWellFormedTest.lessonClasses()) {
            if (type.getAnnotation(Lesson.class).id().equals(lesson) && !LEFT_OUT.equals("!" + type.getSimpleName())) {
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Points.class)) {
                        names.add(method.getName().replace('_', ' '));
                    }
                }
            }
        }
        return names;
    }

    @Test
    void every_lesson_has_an_alternative_solution() throws Exception {
        Set<String> folders;
        try (Stream<Path> entries = Files.list(ALTERNATIVES)) {
            folders = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(folders).as("folders in alternatives/, one per lesson package").isEqualTo(lessonsByPackage().keySet());
    }

    @TestFactory
    Stream<DynamicTest> every_alternative_solution_gets_full_marks() throws Exception {
        Map<String, String> lessons = lessonsByPackage();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> lesson : lessons.entrySet()) {
            Path folder = ALTERNATIVES.resolve(lesson.getKey());
            if (Files.isDirectory(folder) && KitChecks.selected(lesson.getValue())) {
                tests.add(DynamicTest.dynamicTest(lesson.getValue() + " " + lesson.getKey(),
                        () -> checkFullMarks(lesson.getValue(), folder)));
            }
        }
        return tests.stream();
    }

    void checkFullMarks(String lesson, Path folder) throws Exception {
        Path overlay = compile(folder);
        Path gradeDir = work.resolve("grade-" + lesson);
        Path log = work.resolve("supervisor-" + lesson + ".log");
        Path solutions = PlantedFaultsTest.solutionsEntry();
        Process supervisor = new ProcessBuilder(PlantedFaultsTest.java(), "-cp", System.getProperty("java.class.path"),
                "kit.grader.run.Supervisor", "--grade-dir", gradeDir.toString(),
                "--test-classes", Path.of("target", "test-classes").toString(), "--lesson", lesson, "--test", LEFT_OUT,
                "--lessons-module", PlantedFaultsTest.REPO.resolve("solutions").toString(),   // the policy checks them too
                "--swap", solutions.getParent() + "=" + overlay + File.pathSeparator + solutions)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(supervisor.waitFor(600, TimeUnit.SECONDS)).as(folder + ": graded in time").isTrue();

        List<TestResult> results = Journal.read(gradeDir);
        Set<String> ran = results.stream().map(TestResult::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ran)
                .as("%s: the graded tests of lesson %s that ran (log: %s)", folder, lesson, Files.readString(log))
                .isEqualTo(gradedTests(lesson));
        List<String> lost = results.stream().filter(r -> r.status() != Status.PASSED)
                .map(r -> r.name() + ": " + r.status() + " " + r.message()).toList();
        assertThat(lost).as("%s: tests that the alternative solution did not pass (a correct solution written differently "
                + "must get full marks)", folder).isEmpty();
    }

    /** Every .java file of the folder, compiled together over the solutions' classes. */
    Path compile(Path folder) throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.walk(folder)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertThat(sources).as(folder + ": alternative solution files").isNotEmpty();
        Path classes = work.resolve("classes-" + folder.getFileName());
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-nowarn"));
        arguments.addAll(sources);
        int exit = javac.run(null, null, errors, arguments.toArray(String[]::new));
        assertThat(exit).as(folder + " compiles: " + errors).isZero();
        return classes;
    }
}
