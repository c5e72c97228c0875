package kit.grader.jcstress;

import kit.grader.jcstress.Observation.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's jcstress runner and what it reads, on the result files of real jcstress 0.16 runs over lesson 03
 * (JDK 17, the graded options): the reference solutions, the untouched stubs, and two planted faults of which one
 * prints a forged jcstress report from inside the forks (resources/kit/grader/jcstress/README.md says how each was made).
 */
class JcstressTest {

    static final String PREFIX = "kit.races.jcstress.";

    @TempDir
    Path work;

    /** A saved run's result file, copied out of the test resources. */
    Path saved(String run) throws IOException {
        Path folder = Files.createDirectories(work.resolve(run));
        for (String name : List.of("jcstress-results.bin.gz", "console.txt")) {
            try (InputStream in = JcstressTest.class.getResourceAsStream(run + "/" + name)) {
                if (in != null) {
                    Files.copy(in, folder.resolve(name.equals("console.txt") ? name : "jcstress-results-" + run + ".bin.gz"));
                }
            }
        }
        return folder;
    }

    Map<String, Observation> observe(String run) throws IOException {
        return Jcstress.observe(saved(run));
    }

    @Test
    void solutions_every_fix_is_ok_and_every_racy_test_shows_its_race() throws IOException {
        Map<String, Observation> observed = observe("solutions-run");
        assertThat(observed).hasSize(18);
        assertThat(observed.values()).allMatch(o -> o.verdict() == Verdict.OK).noneMatch(Observation::partial);
        Observation atomic = observed.get(PREFIX + "Races_02_LostUpdates.Atomic");
        assertThat(atomic.samples()).isGreaterThan(1_000_000);
        assertThat(atomic.raceObserved()).isFalse();
        assertThat(atomic.summary()).matches("no forbidden outcome in [\\d,]+ samples");
        Observation plain = observed.get(PREFIX + "Races_02_LostUpdates.Plain");
        assertThat(plain.raceObserved()).isTrue();
        assertThat(plain.raceSummary())
                .matches("race shown in [\\d,]+ of [\\d,]+ samples, most often \"1\" \\(Lost update: both read 0 and both wrote 1\\.\\)");
        assertThat(plain.notImplemented()).isEmpty();
    }

    @Test
    void a_forbidden_outcome_fails_the_test_and_says_which_outcome_how_often() throws IOException {
        Map<String, Observation> observed = observe("forged-run");
        Observation atomic = observed.get(PREFIX + "Races_02_LostUpdates.Atomic");
        assertThat(atomic.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(atomic.failingOutcomes()).extracting(Observation.Outcome::result).containsExactly("1");
        assertThat(atomic.summary())
                .matches("forbidden outcome observed: \"1\" \\(Lost update: the increment is not atomic\\.\\) [\\d,]+ times in [\\d,]+ samples");
        assertThat(observed.get(PREFIX + "Races_04_CheckThenAct.SafeWithdraw").verdict()).isEqualTo(Verdict.FAILED);
        assertThat(observed.get(PREFIX + "Races_02_LostUpdates.Synchronized").verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void lines_printed_by_lesson_code_in_the_forks_decide_nothing() throws IOException {
        // The planted AtomicCounter prints a whole jcstress report block that calls its test [OK] with no lost update,
        // and a "FATAL: No matching tests." line, from inside jcstress's forks.
        Path run = saved("forged-run");
        String console = Files.readString(run.resolve("console.txt"), StandardCharsets.UTF_8);
        Pattern forgedHeader = Pattern.compile("(?m)^\\s*\\.+ \\[OK] kit\\.races\\.jcstress\\.Races_02_LostUpdates\\.Atomic\\s*$");
        assertThat(forgedHeader.matcher(console).results().count()).as("the forged header is in the console").isGreaterThan(0);
        assertThat(console).contains("FATAL: No matching tests.").contains("99,999,999  100.00%   Acceptable");

        Observation atomic = Jcstress.observe(run).get(PREFIX + "Races_02_LostUpdates.Atomic");
        assertThat(atomic.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(atomic.samples()).isNotEqualTo(99_999_999L);
        assertThat(atomic.outcomes()).filteredOn(o -> o.result().equals("1")).singleElement()
                .satisfies(lost -> assertThat(lost.count()).isPositive());

        List<org.openjdk.jcstress.infra.collectors.TestResult> forks =
                JcstressResults.read(JcstressResults.files(run).get(0)).results();
        assertThat(JcstressResults.printedByForks(forks)).contains("FATAL: No matching tests.");
        assertThat(Jcstress.notices(console, JcstressResults.printedByForks(forks))).doesNotContain("FATAL: No matching tests.");
    }

    @Test
    void an_untouched_stub_is_an_error_that_says_what_to_implement() throws IOException {
        Map<String, Observation> observed = observe("stubs-run");
        Observation latched = observed.get(PREFIX + "Races_01_MyObject.Latched");
        assertThat(latched.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(latched.samples()).isZero();
        assertThat(latched.notImplemented()).hasValue("TODO: write, then open the latch");
        assertThat(latched.summary()).startsWith("jcstress test threw an exception: ")
                .contains("java.lang.UnsupportedOperationException: TODO: write, then open the latch").doesNotContain("\tat ");
        // The given racy classes are no stubs: they ran and showed their race.
        Observation racy = observed.get(PREFIX + "Races_01_MyObject.Racy");
        assertThat(racy.verdict()).isEqualTo(Verdict.OK);
        assertThat(racy.raceObserved()).isTrue();
        assertThat(racy.notImplemented()).isEmpty();
    }

    @Test
    void a_result_file_cut_short_gives_the_forks_before_the_cut_as_partial() throws IOException {
        Path full = JcstressResults.files(saved("solutions-run")).get(0);
        int allForks = JcstressResults.read(full).results().size();
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.createDirectories(work.resolve("cut")).resolve("jcstress-results-cut.bin.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

        JcstressResults.Forks read = JcstressResults.read(cut);
        assertThat(read.cutShort()).contains("cut short");
        assertThat(read.results().size()).isLessThan(allForks);
        assertThat(Jcstress.observe(cut.getParent()).values()).allMatch(Observation::partial)
                .allSatisfy(o -> assertThat(o.summary()).endsWith("(from the forks that finished before jcstress was stopped)"));
    }

    @Test
    void a_test_missing_from_the_results_is_not_run_never_a_pass() throws IOException {
        Map<String, Observation> observed = observe("forged-run");   // a run over a few tests only
        String missing = PREFIX + "Races_01_MyObject.Latched";
        String present = PREFIX + "Races_02_LostUpdates.Plain";
        assertThat(observed).doesNotContainKey(missing).containsKey(present);
        Map<String, Observation> expected = Jcstress.expected(List.of(present, missing), observed,
                "FATAL: No matching tests.; full output: somewhere");
        assertThat(expected.keySet()).containsExactly(present, missing);
        assertThat(expected.get(present).verdict()).isEqualTo(Verdict.OK);
        assertThat(expected.get(missing).verdict()).isEqualTo(Verdict.NOT_RUN);
        assertThat(expected.get(missing).samples()).isZero();
        assertThat(expected.get(missing).summary()).isEqualTo("expected jcstress test did not run: FATAL: No matching tests.; full output: somewhere");
    }

    @Test
    void a_result_file_holding_anything_but_jcstress_results_is_not_deserialized() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(bytes))) {
            out.writeObject(new File("/etc/passwd"));   // serializable, and no jcstress result
        }
        Path file = Files.createDirectories(work.resolve("foreign")).resolve("jcstress-results-foreign.bin.gz");
        Files.write(file, bytes.toByteArray());
        JcstressResults.Forks read = JcstressResults.read(file);
        assertThat(read.results()).isEmpty();
        assertThat(read.cutShort()).contains("InvalidClassException").contains("REJECTED");
    }

    @Test
    void notices_are_jcstress_lines_that_say_why_nothing_ran() {
        String console = """
                  Scheduling classes for matching tests:
                    2 actors:
                      No scheduling is possible, these tests would not run.

                FATAL: No matching tests.
                    some line a fork printed
                """;
        assertThat(Jcstress.notices(console, List.of("some line a fork printed")))
                .containsExactly("No scheduling is possible, these tests would not run.", "FATAL: No matching tests.");
    }

    @Test
    void a_run_stopped_at_its_timeout_observes_nothing_and_leaves_no_process_behind() throws Exception {
        String test = PREFIX + "Races_02_LostUpdates.Atomic";
        // jcstress probes the JVM for about 20 s before any test: 2 s stop it in the middle of that.
        Jcstress.Run run = Jcstress.run(System.getProperty("java.class.path"), List.of(test), Jcstress.DEFAULT_OPTIONS,
                work.resolve("stopped"), Duration.ofSeconds(2));
        assertThat(run.exitCode()).isEqualTo(-1);
        assertThat(run.of(kit.races.jcstress.Races_02_LostUpdates.Atomic.class).test()).isEqualTo(test);
        Observation atomic = run.observations().get(test);
        assertThat(atomic.verdict()).isEqualTo(Verdict.NOT_RUN);
        assertThat(atomic.summary()).startsWith("expected jcstress test did not run: jcstress did not finish within 2 s and was stopped");
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("org.openjdk.jcstress")).toList()).isEmpty();
    }

    @Test
    void the_filter_selects_exactly_the_tests_asked_for() {
        Pattern filter = Pattern.compile(Jcstress.filterFor(List.of(PREFIX + "Races_02_LostUpdates.Atomic", PREFIX + "Races_01_MyObject.Racy")));
        assertThat(filter.matcher(PREFIX + "Races_02_LostUpdates.Atomic").find()).isTrue();
        assertThat(filter.matcher(PREFIX + "Races_01_MyObject.Racy").find()).isTrue();
        assertThat(filter.matcher(PREFIX + "Races_02_LostUpdates.AtomicX").find()).isFalse();
        assertThat(filter.matcher(PREFIX + "Races_02_LostUpdates.Plain").find()).isFalse();
    }

    @Test
    void the_tests_to_run_are_those_the_graded_methods_name() {
        assertThat(Jcstress.testsNamedBy(Graded.class)).containsExactly(
                PREFIX + "Races_02_LostUpdates.Atomic", PREFIX + "Races_02_LostUpdates.Plain",
                PREFIX + "Races_06_Progress.LatchSpin", PREFIX + "Races_02_LostUpdates.Synchronized");
    }

    /** Two fixes share a racy test; one has none; an unannotated method names nothing. */
    static class Graded {
        @JudgedByJcstress(fix = kit.races.jcstress.Races_02_LostUpdates.Atomic.class, racy = kit.races.jcstress.Races_02_LostUpdates.Plain.class)
        void a() {
        }

        @JudgedByJcstress(fix = kit.races.jcstress.Races_06_Progress.LatchSpin.class)
        void b() {
        }

        @JudgedByJcstress(fix = kit.races.jcstress.Races_02_LostUpdates.Synchronized.class, racy = kit.races.jcstress.Races_02_LostUpdates.Plain.class)
        void c() {
        }

        void d() {
        }
    }

    @Test
    void folders_on_the_class_path_become_jars_and_every_entry_absolute() throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes/lessons"));
        Files.writeString(classes.resolve("A.class"), "not really a class");
        String classpath = String.join(File.pathSeparator, work.resolve("classes").toString(), "relative.jar");
        List<String> entries = List.of(Jcstress.jarDirectories(classpath, work.resolve("jars")).split(File.pathSeparator));
        assertThat(entries).hasSize(2).allMatch(e -> Path.of(e).isAbsolute());
        assertThat(entries.get(0)).endsWith(".jar");
        try (var jar = new java.util.jar.JarFile(entries.get(0))) {
            assertThat(jar.getEntry("lessons/A.class")).isNotNull();
        }
        assertThat(entries.get(1)).isEqualTo(Path.of("relative.jar").toAbsolutePath().toString());
        assertThat(Set.copyOf(entries)).hasSize(2);
    }
}
