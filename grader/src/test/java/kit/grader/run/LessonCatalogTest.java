package kit.grader.run;

import kit.grader.fixtures.BrokenSetupFixture;
import kit.grader.fixtures.SampleLessonFixture;
import kit.grader.fixtures.supervised.ExitingLessonTest;
import kit.grader.fixtures.supervised.HangingLessonTest;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The lesson catalog file (grader/lesson-catalog.tsv): what LessonCatalog reads from the compiled graded tests, for
 * the JDK-only tools and for a lesson whose tests did not compile. It must say what the classes say.
 */
class LessonCatalogTest {

    static final Path TEST_CLASSES = Path.of("target", "test-classes");

    static final List<LessonCatalog.Entry> FIXTURES = Stream.of(SampleLessonFixture.class, BrokenSetupFixture.class,
            ExitingLessonTest.class, HangingLessonTest.class).map(LessonCatalog::of).map(LessonCatalog::entry).toList();

    @Test
    void the_catalog_file_says_what_the_compiled_graded_tests_say() throws Exception {
        String classes = LessonCatalog.formatClasses(TEST_CLASSES);
        Path file = Path.of(LessonCatalog.FILE);
        assertThat(file).as("the lesson catalog; write it from the kit's root with: " + LessonCatalog.WRITE_COMMAND).isRegularFile();
        String text = Files.readString(file).replace("\r\n", "\n");   // a checkout with Windows line ends is the same catalog
        if (!text.equals(classes)) {
            fail("%s disagrees with the compiled graded tests in %s:%n%sRewrite it from the kit's root, and commit it: %s",
                    file.toAbsolutePath(), TEST_CLASSES, LessonCatalog.differences(text, classes), LessonCatalog.WRITE_COMMAND);
        }
        assertThat(LessonCatalog.parse(text)).extracting(LessonCatalog.Entry::lesson).as("the lessons, in order")
                .contains("01", "03").isSorted();
    }

    @Test
    void every_graded_test_source_is_in_the_catalog_so_none_failed_to_compile_unseen() throws Exception {
        Path sources = Path.of("src", "test", "java");
        TreeSet<String> listed = LessonCatalog.readFile(Path.of(LessonCatalog.FILE)).stream()
                .map(LessonCatalog.Entry::className).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> inSources;
        try (Stream<Path> files = Files.walk(sources.resolve("lessons"))) {
            inSources = files.filter(f -> f.getFileName().toString().endsWith("Test.java"))
                    .map(f -> sources.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", "").replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(inSources).as("the graded test classes in the sources (tools/ExportTemplate.java and Regrade.java check the same)")
                .isEqualTo(listed);
    }

    @Test
    void the_catalog_round_trips_with_points_timeouts_setup_and_budgets() {
        String text = LessonCatalog.format(FIXTURES);
        List<LessonCatalog.Entry> read = LessonCatalog.parse(text);
        assertThat(read).isEqualTo(FIXTURES);
        assertThat(LessonCatalog.format(read)).isEqualTo(text);
        assertThat(LessonCatalog.parse(text.replace("\n", "\r\n"))).as("with Windows line ends").isEqualTo(FIXTURES);

        LessonCatalog.Entry sample = read.get(0);
        assertThat(sample.label()).isEqualTo("98 Sample");
        assertThat(sample.className()).isEqualTo(SampleLessonFixture.class.getName());
        assertThat(sample.packageName()).isEqualTo("kit.grader.fixtures");
        assertThat(sample.simpleName()).isEqualTo("SampleLessonFixture");
        assertThat(sample.tests()).extracting(LessonCatalog.Entry.Method::name).isSorted().contains("passes", "hangs", "is_skipped");
        assertThat(sample.tests()).filteredOn(t -> t.name().equals("hangs")).singleElement()
                .isEqualTo(new LessonCatalog.Entry.Method("hangs", 4, 1));
        assertThat(sample.graded()).allMatch(LessonCatalog.Entry.Method::graded)
                .hasSize((int) sample.tests().stream().filter(t -> t.points() > 0).count());
        for (LessonCatalog.Entry entry : read) {
            assertThat(entry.budgetSeconds()).as(entry.className())
                    .isEqualTo(entry.tests().stream().mapToLong(LessonCatalog.Entry.Method::timeoutSeconds).sum()
                            + LessonCatalog.of(classOf(entry)).setupSeconds() + Supervisor.DEFAULT_ALLOWANCE)
                    .isEqualTo(LessonCatalog.budgetSeconds(LessonCatalog.of(classOf(entry)), List.of(), Supervisor.DEFAULT_ALLOWANCE));
        }
        assertThat(read.get(1).budgetSeconds()).as("the broken setup's @BeforeAll counts: 30 s each, test and setup")
                .isEqualTo(30 + 30 + Supervisor.DEFAULT_ALLOWANCE);
        assertThat(LessonCatalog.parse(LessonCatalog.format(List.of()))).isEmpty();
    }

    /** A graded class that starts its pool with the extension instead of @BeforeAll: the same set-up, budgeted. */
    @kit.grader.api.Lesson(id = "97", title = "With a pool")
    static class WithAPool {
        @org.junit.jupiter.api.extension.RegisterExtension
        static final kit.grader.api.PoolExtension workers = kit.grader.api.PoolExtension.withWorkers(2);
        /** Not static: JUnit would not start it for the class, so it costs nothing. */
        final kit.grader.api.PoolExtension perTest = kit.grader.api.PoolExtension.withWorkers(1);

        @Test
        @kit.grader.api.Points(1)
        @org.junit.jupiter.api.Timeout(10)
        void uses_the_pool() {
        }
    }

    @Test
    void a_pool_registered_for_the_class_counts_as_its_setup() {
        LessonCatalog.GradedClass type = LessonCatalog.of(WithAPool.class);
        assertThat(type.setupSeconds()).as("a static PoolExtension: what its @BeforeAll and @AfterAll would get")
                .isEqualTo(kit.grader.api.PoolExtension.SETUP_SECONDS).isEqualTo(60);
        assertThat(LessonCatalog.budgetSeconds(type, List.of(), Supervisor.DEFAULT_ALLOWANCE))
                .isEqualTo(10 + 60 + Supervisor.DEFAULT_ALLOWANCE);
    }

    static Class<?> classOf(LessonCatalog.Entry entry) {
        try {
            return Class.forName(entry.className());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_field_that_would_break_a_line_is_refused_and_a_bad_line_is_named() {
        LessonCatalog.Entry tabbed = new LessonCatalog.Entry("01", "Threads\tand more", "lessons.threads.ThreadsTest", 90, List.of());
        assertThatThrownBy(() -> LessonCatalog.format(List.of(tabbed))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Threads\tand more");
        LessonCatalog.Entry empty = new LessonCatalog.Entry("01", "", "lessons.threads.ThreadsTest", 90, List.of());
        assertThatThrownBy(() -> LessonCatalog.format(List.of(empty))).isInstanceOf(IllegalArgumentException.class);

        String good = LessonCatalog.format(FIXTURES);
        int lines = (int) good.lines().count();
        assertThatThrownBy(() -> LessonCatalog.parse(good + "test\tlate\tmany\t10\n"))
                .hasMessageContaining("line " + (lines + 1)).hasMessageContaining("many");
        assertThatThrownBy(() -> LessonCatalog.parse("test\tearly\t1\t10\n")).hasMessageContaining("line 1: a test before any class");
        assertThatThrownBy(() -> LessonCatalog.parse("# a comment\nclass\t01\tThreads\tlessons.threads.ThreadsTest\n"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> LessonCatalog.parse("klass\t01\tThreads\tlessons.threads.ThreadsTest\t90\n"))
                .hasMessageContaining("line 1");
    }

    @Test
    void the_differences_name_the_lines_that_changed_with_their_class() {
        String was = LessonCatalog.format(FIXTURES);
        String is = was.replace("hangs\t4\t1", "hangs\t5\t1");
        assertThat(LessonCatalog.differences(was, is)).contains("- " + SampleLessonFixture.class.getName() + ": test\thangs\t4\t1")
                .contains("+ " + SampleLessonFixture.class.getName() + ": test\thangs\t5\t1");
    }

    @Test
    void a_catalogued_class_that_did_not_compile_is_reported_as_errors_worth_its_points(@TempDir Path scratch) throws Exception {
        Path catalog = scratch.resolve("lesson-catalog.tsv");
        Files.writeString(catalog, LessonCatalog.format(FIXTURES));
        Path gradeDir = Files.createDirectories(scratch.resolve("grade"));
        // SampleLessonFixture "did not compile": its class is not in this test-classes folder; BrokenSetupFixture's is.
        Path testClasses = Files.createDirectories(scratch.resolve("test-classes"));
        Path compiled = testClasses.resolve(BrokenSetupFixture.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(compiled.getParent());
        Files.writeString(compiled, "compiled");
        Supervisor supervisor = new Supervisor(gradeDir, "", Supervisor.DEFAULT_OUTPUT_LIMIT, Containment.detect(true));
        supervisor.reportUncompiled(catalog, testClasses, "98", "");

        List<TestResult> results = Journal.read(gradeDir);
        LessonCatalog.Entry sample = FIXTURES.get(0);
        assertThat(results).extracting(TestResult::name).containsExactlyElementsOf(
                sample.graded().stream().map(t -> t.name().replace('_', ' ')).toList());
        assertThat(results).allMatch(r -> r.status() == Status.ERROR && r.score() == 0 && r.lesson().equals("98")
                && r.lessonTitle().equals("Sample") && r.message().contains("did not compile"));
        assertThat(results).extracting(TestResult::maxScore).as("each test keeps its points")
                .containsExactlyElementsOf(sample.graded().stream().map(LessonCatalog.Entry.Method::points).toList());
        assertThat(Journal.notes(gradeDir)).containsExactly("Lesson 98 Sample did not compile: its tests are counted as errors. "
                + "Fix the compile errors shown above for exercises/src/main/java/kit/grader/fixtures/.");
    }

    @Test
    void the_uncompiled_report_follows_the_lesson_and_test_selection_and_needs_a_readable_catalog(@TempDir Path scratch)
            throws Exception {
        Path catalog = scratch.resolve("lesson-catalog.tsv");
        Files.writeString(catalog, LessonCatalog.format(FIXTURES));
        Path testClasses = Files.createDirectories(scratch.resolve("test-classes"));
        for (String[] selection : new String[][]{{"99", ""}, {"", "BrokenSetupFixture"}, {"broken setup", "BrokenSetupFixture#never_runs"}}) {
            Path gradeDir = Files.createDirectories(scratch.resolve("grade-" + String.join("-", selection).replaceAll("\\W", "_")));
            new Supervisor(gradeDir, "", Supervisor.DEFAULT_OUTPUT_LIMIT, Containment.detect(true))
                    .reportUncompiled(catalog, testClasses, selection[0], selection[1]);
            assertThat(Journal.read(gradeDir)).as(String.join(" and ", selection)).singleElement()
                    .satisfies(r -> assertThat(r.name()).isEqualTo("never runs"))
                    .satisfies(r -> assertThat(r.maxScore()).isEqualTo(2));
        }
        Path all = Files.createDirectories(scratch.resolve("grade-all"));
        new Supervisor(all, "", Supervisor.DEFAULT_OUTPUT_LIMIT, Containment.detect(true)).reportUncompiled(catalog, testClasses, "", "");
        assertThat(Journal.read(all)).extracting(TestResult::maxScore).as("every graded test of every class")
                .hasSize((int) FIXTURES.stream().mapToLong(e -> e.graded().size()).sum());

        for (String broken : List.of("missing.tsv", "broken.tsv")) {
            Path gradeDir = Files.createDirectories(scratch.resolve("grade-" + broken));
            if (broken.equals("broken.tsv")) {
                Files.writeString(scratch.resolve(broken), "class\tnot enough fields\n");
            }
            new Supervisor(gradeDir, "", Supervisor.DEFAULT_OUTPUT_LIMIT, Containment.detect(true))
                    .reportUncompiled(scratch.resolve(broken), testClasses, "", "");
            assertThat(Journal.read(gradeDir)).as(broken + ": nothing reported, and the grading goes on").isEmpty();
        }
    }
}
