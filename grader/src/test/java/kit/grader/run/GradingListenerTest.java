package kit.grader.run;

import kit.grader.fixtures.BrokenSetupFixture;
import kit.grader.fixtures.SampleLessonFixture;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

class GradingListenerTest {

    @TempDir
    Path gradeDir;

    /**
     * Runs a fixture class in a launcher of its own, with only the listener under test attached, its events taken by
     * the supervisor's record of the lesson as they come, and the journal written from that record.
     */
    static List<TestResult> grade(Path gradeDir, Class<?> type) {
        LessonRecord record = new LessonRecord(LessonCatalog.of(type), List.of());
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestExecutionListeners(new GradingListener(record::accept))
                .build());
        LauncherDiscoveryRequest request = request()
                .selectors(selectClass(type))
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .configurationParameter("junit.jupiter.displayname.generator.default",
                        "org.junit.jupiter.api.DisplayNameGenerator$ReplaceUnderscores")
                .build();
        launcher.execute(request);
        record.finishUnfinished("not finished");
        Journal.write(gradeDir, record.events());
        return Journal.read(gradeDir);
    }

    static Map<String, TestResult> byName(List<TestResult> results) {
        return results.stream().collect(Collectors.toMap(TestResult::name, Function.identity()));
    }

    @Test
    @Timeout(30)
    void records_every_graded_test_with_its_status_points_and_message() {
        SampleLessonFixture.released = true;
        Map<String, TestResult> results = byName(grade(gradeDir, SampleLessonFixture.class));

        assertThat(results).as("only tests with @Points are graded").doesNotContainKey("has no points so is not graded")
                .hasSize(6);
        TestResult passed = results.get("passes");
        assertThat(passed.status()).isEqualTo(Status.PASSED);
        assertThat(passed.score()).isEqualTo(2);
        assertThat(passed.figures()).containsEntry("speedup", "1.9x");

        TestResult failed = results.get("fails an assertion");
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.score()).isZero();
        assertThat(failed.maxScore()).isEqualTo(3);
        assertThat(failed.message()).contains("one plus one").contains("expected");
        assertThat(failed.hint()).isEqualTo("add, do not subtract");

        TestResult todo = results.get("is not implemented");
        assertThat(todo.status()).isEqualTo(Status.FAILED);
        assertThat(todo.message()).startsWith("Not implemented yet: TODO: implement the sum");

        TestResult error = results.get("throws something else");
        assertThat(error.status()).isEqualTo(Status.ERROR);
        assertThat(error.message()).contains("IllegalStateException: broken");
        assertThat(error.details()).contains("at kit.grader.fixtures.SampleLessonFixture");

        TestResult skipped = results.get("is skipped");
        assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
        assertThat(skipped.score()).isZero();
        assertThat(skipped.maxScore()).as("a skipped test keeps its points in the maximum").isEqualTo(5);
        assertThat(skipped.message()).contains("needs 2 cores");
    }

    @Test
    @Timeout(30)
    void a_test_that_hangs_fails_on_its_timeout_with_the_threads_stacks() {
        SampleLessonFixture.released = false;
        TestResult hung;
        try {
            hung = byName(grade(gradeDir, SampleLessonFixture.class)).get("hangs");
        } finally {
            SampleLessonFixture.released = true;
        }

        assertThat(hung.status()).isEqualTo(Status.FAILED);
        assertThat(hung.score()).isZero();
        assertThat(hung.maxScore()).isEqualTo(4);
        assertThat(hung.message()).startsWith("Timed out").contains("1 second");
        assertThat(hung.details()).as("the stacks show where it hung").contains("Thread.sleep").contains("hangs");
        assertThat(hung.durationMs()).isBetween(900L, 20_000L);
    }

    @Test
    @Timeout(30)
    void a_lesson_whose_setup_fails_still_reports_each_test_as_an_error() {
        TestResult result = byName(grade(gradeDir, BrokenSetupFixture.class)).get("never runs");

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.maxScore()).isEqualTo(2);
        assertThat(result.message()).contains("could not start").contains("the lesson's classes are missing");
    }

    @Test
    @Timeout(30)
    void sends_one_event_per_plan_start_and_end_of_each_graded_test() {
        SampleLessonFixture.released = true;
        List<Channel.Event> events = new java.util.ArrayList<>();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                        .addTestExecutionListeners(new GradingListener(events::add)).build())
                .execute(request().selectors(selectClass(SampleLessonFixture.class)).build());
        assertThat(events).filteredOn(e -> e.type().equals("planned")).hasSize(6)
                .allSatisfy(e -> assertThat(e.test()).startsWith(SampleLessonFixture.class.getName() + "#"));
        assertThat(events).filteredOn(e -> e.type().equals("finished")).hasSize(6);
        assertThat(events).filteredOn(e -> e.type().equals("started")).hasSize(5);   // the skipped one never starts
    }
}
