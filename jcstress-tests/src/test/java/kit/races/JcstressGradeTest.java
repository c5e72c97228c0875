package kit.races;

import kit.races.RaceResult.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's parsing and grading, on the ends of real jcstress 0.16 runs (solutions, planted faults,
 * untouched stubs) and on runs that went wrong. A kit check: it runs with -Psolutions.
 */
class JcstressGradeTest {

    static final List<RaceCatalog.Entry> ALL = RaceCatalog.ENTRIES;
    static final List<String> WHY = List.of("full output: somewhere");

    static String resource(String name) throws IOException {
        try (InputStream in = JcstressGradeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, RaceResult> byShortName(List<RaceResult> results) {
        return results.stream().collect(Collectors.toMap(RaceResult::shortName, Function.identity()));
    }

    @Test
    void solutions_pass_with_full_points_and_every_demonstration_shows_its_race() throws IOException {
        JcstressOutput output = JcstressOutput.parse(resource("solutions-run.txt"));
        assertThat(output.finished()).isTrue();
        assertThat(output.tests()).hasSize(ALL.size());

        List<RaceResult> results = JcstressGrade.grade(output, ALL, WHY);
        assertThat(results).hasSize(ALL.size()).allMatch(RaceResult::passed);
        assertThat(results.stream().mapToInt(RaceResult::points).sum()).isEqualTo(RaceCatalog.maxPoints());
        assertThat(results).filteredOn(RaceResult::demonstration).isNotEmpty().allMatch(RaceResult::raceObserved);
        assertThat(byShortName(results).get("Races_02_LostUpdates.Atomic").message())
                .matches("no forbidden outcome in [\\d,]+ samples");
        assertThat(byShortName(results).get("Races_02_LostUpdates.Plain").message())
                .matches("race shown in [\\d,]+ of [\\d,]+ samples, most often \"1\" \\(Lost update: both read 0 and both wrote 1\\.\\)");
    }

    @Test
    void a_planted_race_fails_its_test_and_says_which_outcome_how_often() throws IOException {
        List<RaceResult> results = JcstressGrade.grade(JcstressOutput.parse(resource("planted-faults-run.txt")), ALL, WHY);
        assertThat(results).filteredOn(r -> !r.demonstration()).isNotEmpty()
                .allMatch(r -> r.status() == Status.FAILED && r.points() == 0 && r.maxPoints() > 0);
        RaceResult atomic = byShortName(results).get("Races_02_LostUpdates.Atomic");
        assertThat(atomic.message())
                .matches("forbidden outcome observed: \"1\" \\(Lost update: the increment is not atomic\\.\\) [\\d,]+ times in [\\d,]+ samples\\. Hint: .*AtomicLong.*");
        assertThat(byShortName(results).get("Races_06_Progress.VolatileFlagSpin").message())
                .contains("\"STALE\"");
    }

    @Test
    void untouched_stubs_score_zero_and_say_what_to_implement() throws IOException {
        List<RaceResult> results = JcstressGrade.grade(JcstressOutput.parse(resource("stubs-run.txt")), ALL, WHY);
        assertThat(results).filteredOn(r -> !r.demonstration()).allMatch(r -> !r.passed() && r.points() == 0);
        RaceResult latched = byShortName(results).get("Races_01_MyObject.Latched");
        assertThat(latched.status()).isEqualTo(Status.ERROR);
        assertThat(latched.message()).contains("java.lang.UnsupportedOperationException: TODO: write, then open the latch")
                .doesNotContain("\tat ");
    }

    @Test
    void a_test_missing_from_the_results_is_an_error_never_a_pass() throws IOException {
        String text = resource("solutions-run.txt");
        // Cut the Atomic block out, as if jcstress had never run it.
        String name = "kit.races.jcstress.Races_02_LostUpdates.Atomic";
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String line : text.split("\n", -1)) {
            if (line.matches("^\\S*\\s*\\[[A-Z ]+] \\S+$") || line.matches("^  [A-Z][a-z ]+ tests: .*")) {
                skipping = line.endsWith("] " + name);
            }
            if (!skipping) {
                kept.append(line).append('\n');
            }
        }
        String cut = kept.toString();
        assertThat(cut).doesNotContain(name + "\n").contains("Races_02_LostUpdates.Synchronized\n");

        Map<String, RaceResult> results = byShortName(JcstressGrade.grade(JcstressOutput.parse(cut), ALL, WHY));
        RaceResult atomic = results.get("Races_02_LostUpdates.Atomic");
        assertThat(atomic.status()).isEqualTo(Status.ERROR);
        assertThat(atomic.points()).isZero();
        assertThat(atomic.message()).startsWith("expected jcstress test did not run");
        assertThat(results.get("Races_02_LostUpdates.Synchronized").passed()).isTrue();
    }

    @Test
    void no_matching_tests_and_no_scheduling_are_errors_with_the_reason() {
        String text = """
                  Scheduling classes for matching tests:
                    2 actors:
                      No scheduling is possible, these tests would not run.

                FATAL: No matching tests.
                """;
        JcstressOutput output = JcstressOutput.parse(text);
        assertThat(output.finished()).isFalse();
        assertThat(output.notices()).containsExactly("No scheduling is possible, these tests would not run.", "FATAL: No matching tests.");
        List<RaceResult> results = JcstressGrade.grade(output, ALL, output.notices());
        assertThat(results).hasSize(ALL.size()).allMatch(r -> r.status() == Status.ERROR && r.points() == 0)
                .allMatch(r -> r.message().contains("FATAL: No matching tests."));
    }

    @Test
    void a_run_that_stopped_before_any_fork_finished_counts_nothing() throws IOException {
        String text = resource("stopped-run.txt");
        text = text.substring(0, text.indexOf("Attached the non-interactive output stream."));
        JcstressOutput output = JcstressOutput.parse(text);
        assertThat(output.finished()).isFalse();
        assertThat(JcstressGrade.grade(output, ALL, WHY)).allMatch(r -> r.status() == Status.ERROR);
    }

    @Test
    void a_stopped_run_grades_the_forks_that_finished_and_reports_the_rest_as_not_run() throws IOException {
        JcstressOutput output = JcstressOutput.parse(resource("stopped-run.txt"));
        assertThat(output.finished()).isFalse();
        Map<String, RaceResult> results = byShortName(JcstressGrade.grade(output, ALL, WHY));
        // Both forks of Atomic had finished: failed, with the samples of both added up.
        RaceResult atomic = results.get("Races_02_LostUpdates.Atomic");
        assertThat(atomic.status()).isEqualTo(Status.FAILED);
        assertThat(output.tests().get(atomic.testName()).samples()).isGreaterThan(0);
        assertThat(results.get("Races_02_LostUpdates.Plain").raceObserved()).isTrue();
        // Never started: an error, not a pass.
        assertThat(results.get("Races_06_Progress.LatchSpin").status()).isEqualTo(Status.ERROR);
        assertThat(results.get("Races_06_Progress.LatchSpin").message()).startsWith("expected jcstress test did not run");
        // The probes' own "[OK] ..." lines are not tests.
        assertThat(output.tests().keySet()).allMatch(name -> name.startsWith("kit.races.jcstress."));
    }

    @Test
    void tables_in_other_locales_still_parse() {
        String text = """
                RUN RESULTS:
                  Failed tests: 1 matching test results.

                ....... [FAILED] kit.races.jcstress.Races_02_LostUpdates.Atomic

                  Results across all configurations:

                  RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
                       1        1.234    0,02%    Forbidden  Lost update: the increment is not atomic.
                       2    5.123.456   99,98%   Acceptable  Both increments counted.

                """;
        JcstressOutput.TestReport report = JcstressOutput.parse(text).tests().get("kit.races.jcstress.Races_02_LostUpdates.Atomic");
        assertThat(report.label()).isEqualTo("FAILED");
        assertThat(report.rows()).extracting(JcstressOutput.Row::outcome, JcstressOutput.Row::samples, JcstressOutput.Row::expect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 1_234L, "Forbidden"),
                        org.assertj.core.groups.Tuple.tuple("2", 5_123_456L, "Acceptable"));
    }

    @Test
    void the_filter_selects_exactly_the_catalog() {
        java.util.regex.Pattern filter = java.util.regex.Pattern.compile(RaceCatalog.filterFor(ALL));
        assertThat(ALL).allMatch(e -> filter.matcher(e.name()).find());
        assertThat(filter.matcher("kit.races.jcstress.Races_06_Progress.PlainFlagSpin").find()).isFalse();
        assertThat(filter.matcher("kit.races.jcstress.Races_02_LostUpdates.AtomicX").find()).isFalse();
    }
}
