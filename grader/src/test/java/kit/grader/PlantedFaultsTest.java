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
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests are tested: each planted fault in faults/ (a plausible student mistake, as a change to a solution file)
 * is compiled over the solutions and graded, and every test it names must fail. Together the faults must name
 * every graded test.
 */
class PlantedFaultsTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path FAULTS = REPO.resolve("faults");

    @TempDir
    Path work;

    record Fault(String name, Properties spec) {
        String lesson() {
            return spec.getProperty("lesson");
        }

        List<String> fails() {
            return Arrays.stream(spec.getProperty("fails", "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        /** {@code fails=*}: an attack on the grader, which must cost the whole lesson (or be refused). */
        boolean wholeLesson() {
            return fails().equals(List.of("*"));
        }
    }

    static List<Fault> faults() throws IOException {
        List<Fault> faults = new ArrayList<>();
        try (Stream<Path> files = Files.walk(FAULTS).filter(f -> f.toString().endsWith(".properties")).sorted()) {
            for (Path file : files.toList()) {
                Properties spec = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    spec.load(in);
                }
                faults.add(new Fault(FAULTS.relativize(file).toString().replace(".properties", ""), spec));
            }
        }
        return faults;
    }

    @TestFactory
    Stream<DynamicTest> every_planted_fault_fails_the_tests_it_names() throws IOException {
        // -Dkit.faults=integrity/ plants only the faults whose name starts so (a maintainer's shortcut).
        String only = System.getProperty("kit.faults", "");
        // -Dlesson=01 (as for the graded run) plants only that lesson's faults.
        return faults().stream().filter(fault -> fault.name().startsWith(only))
                .filter(fault -> KitChecks.selected(fault.lesson()))
                .map(fault -> DynamicTest.dynamicTest(fault.name(), () -> checkCaught(fault)));
    }

    void checkCaught(Fault fault) throws Exception {
        assertThat(fault.fails()).as(fault.name() + ": fails= names no test").isNotEmpty();
        Path overlay = compile(fault);
        Path gradeDir = work.resolve(fault.name()).resolve("grade");
        String tests = fault.wholeLesson() ? "" : fault.fails().stream().map(method -> "*#" + method).collect(Collectors.joining(","));
        Path log = work.resolve(fault.name()).resolve("supervisor.log");
        Process supervisor = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "kit.grader.run.Supervisor", "--grade-dir", gradeDir.toString(),
                "--test-classes", Path.of("target", "test-classes").toString(), "--lessons-module", REPO.resolve("solutions").toString(),
                "--lesson", fault.lesson(), "--test", tests,
                "--swap", solutionsEntry().getParent() + "=" + overlay + File.pathSeparator + solutionsEntry())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(supervisor.waitFor(300, TimeUnit.SECONDS)).as(fault.name() + ": graded in time").isTrue();

        List<TestResult> graded = Journal.read(gradeDir);
        if (fault.wholeLesson()) {
            String expect = fault.spec().getProperty("expect", "");
            assertThat(graded).as(fault.name() + ": the lesson's tests were graded (log: " + Files.readString(log) + ")").isNotEmpty();
            assertThat(graded).as(fault.name() + " (" + fault.spec().getProperty("description") + ") must cost the whole lesson")
                    .allSatisfy(result -> {
                        assertThat(result.score()).as(result.name()).isZero();
                        assertThat(result.message()).as(result.name()).contains(expect);
                    });
            return;
        }
        Map<String, TestResult> results = graded.stream().collect(Collectors.toMap(TestResult::name, Function.identity()));
        for (String method : fault.fails()) {
            TestResult result = results.get(method.replace('_', ' '));
            assertThat(result).as(fault.name() + ": the test " + method + " ran (log: " + Files.readString(log) + ")").isNotNull();
            assertThat(result.status()).as(fault.name() + " (" + fault.spec().getProperty("description") + ") must fail " + method)
                    .isNotEqualTo(Status.PASSED).isNotEqualTo(Status.SKIPPED)
                    // a test that never finished caught nothing: its lesson's JVM ended first, or it was never selected
                    .isNotEqualTo(Status.NOT_RUN);
        }
    }

    /**
     * The solution file with the fault's changes, and the files it adds ({@code add.N.path}, {@code add.N.text}: a
     * {@code .java} file is compiled, anything else lands in the artifact as it is), in a folder of their own.
     */
    Path compile(Fault fault) throws IOException {
        List<String> sources = new ArrayList<>();
        String file = fault.spec().getProperty("file");
        if (file != null) {
            String source = Files.readString(REPO.resolve("solutions/src/main/java").resolve(file));
            for (int i = 1; fault.spec().containsKey(i == 1 ? "replace" : "replace." + i); i++) {
                String suffix = i == 1 ? "" : "." + i;
                String replace = fault.spec().getProperty("replace" + suffix);
                assertThat(source).as(fault.name() + ": the text to replace is no longer in " + file).contains(replace);
                source = source.replace(replace, fault.spec().getProperty("with" + suffix));
            }
            sources.add(write(work.resolve(fault.name()).resolve("src").resolve(file), source));
        }
        Path classes = work.resolve(fault.name()).resolve("classes");
        Files.createDirectories(classes);
        for (int i = 1; fault.spec().containsKey("add." + i + ".path"); i++) {
            String path = fault.spec().getProperty("add." + i + ".path");
            String text = fault.spec().getProperty("add." + i + ".text", "");
            sources.add(path.endsWith(".java") ? write(work.resolve(fault.name()).resolve("src").resolve(path), text) : null);
            if (!path.endsWith(".java")) {
                write(classes.resolve(path), text);
            }
        }
        sources.removeIf(java.util.Objects::isNull);
        if (sources.isEmpty()) {
            return classes;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-nowarn"));
        arguments.addAll(sources);
        int exit = javac.run(null, null, errors, arguments.toArray(String[]::new));
        assertThat(exit).as(fault.name() + " compiles: " + errors).isZero();
        return classes;
    }

    private static String write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file.toString();
    }

    /** The solutions' classes on this JVM's classpath (a classes folder or a jar under solutions/target). */
    static Path solutionsEntry() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.toAbsolutePath().normalize().toString().contains(File.separator + "solutions" + File.separator + "target"))
                .findFirst().orElseThrow(() -> new AssertionError("run with -Psolutions: no solutions on the classpath"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Graded tests that need no planted fault: lesson 03's jcstress tests are checked by the jcstress run against the
     * racy versions in the same run, since RacesJcstressTest requires each racy counterpart to show its race (graded
     * against the solutions, a fix whose racy version ran a million samples without showing it fails as inconclusive).
     */
    static final Set<String> CHECKED_WITHOUT_FAULTS = Set.of("lessons.races.RacesJcstressTest");

    @Test
    void every_graded_test_is_named_by_some_planted_fault() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Fault fault : faults()) {
            if (!fault.wholeLesson()) {   // an attack on the grader shows nothing about what a test catches
                fault.fails().forEach(method -> named.add(fault.lesson() + ":" + method));
            }
        }
        Set<String> graded = new TreeSet<>();
        for (Class<?> type : GradedTestsAreWellFormedTest.lessonClasses()) {
            if (CHECKED_WITHOUT_FAULTS.contains(type.getName())) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Points.class)) {
                    graded.add(type.getAnnotation(Lesson.class).id() + ":" + method.getName());
                }
            }
        }
        Set<String> uncaught = new TreeSet<>(graded);
        uncaught.removeAll(named);
        assertThat(uncaught).as("graded tests that no planted fault is shown to fail").isEmpty();
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(graded);
        assertThat(unknown).as("faults name tests that do not exist").isEmpty();
    }
}
