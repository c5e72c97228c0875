package kit.grader.api;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@link RequiresCores} decides before the test starts: run a sample test class through a real JUnit launcher with
 * {@code -Dkit.cores} set to one core and to two, and look at what the launcher reports.
 */
class RequiresCoresTest {

    /** How often the sample's body ran: it must not run at all on one core. */
    static final AtomicInteger bodyRuns = new AtomicInteger();

    /** Not a test of its own (surefire skips nested classes); run only through {@link #run}. */
    static class Sample {
        @Test
        @RequiresCores(2)
        void needs_two_cores() {
            bodyRuns.incrementAndGet();
        }

        @Test
        void needs_nothing() {
        }
    }

    @RequiresCores(4)
    static class SampleClass {
        @Test
        void inherits_the_class_requirement() {
            bodyRuns.incrementAndGet();
        }
    }

    @Test
    void on_one_core_the_test_is_skipped_before_it_starts_and_says_why() {
        Map<String, String> outcome = run(Sample.class, "1");
        assertThat(bodyRuns).as("the body of a skipped test never runs").hasValue(0);
        assertThat(outcome.get("needs_two_cores")).startsWith("skipped: ")
                .contains("needs 2 cores, this machine has 1 (-Dkit.cores=1)").contains("its points stay in the maximum");
        assertThat(outcome.get("needs_nothing")).isEqualTo("SUCCESSFUL");
    }

    @Test
    void on_two_cores_the_test_runs() {
        Map<String, String> outcome = run(Sample.class, "2");
        assertThat(outcome.get("needs_two_cores")).isEqualTo("SUCCESSFUL");
        assertThat(bodyRuns).hasValue(1);
    }

    @Test
    void on_a_class_the_requirement_covers_every_test() {
        assertThat(run(SampleClass.class, "2").get("inherits_the_class_requirement")).startsWith("skipped: ")
                .contains("needs 4 cores");
        assertThat(run(SampleClass.class, "4").get("inherits_the_class_requirement")).isEqualTo("SUCCESSFUL");
    }

    @Test
    void the_reason_names_the_machines_own_count_when_no_property_is_set() {
        assertThat(RequiresCoresCondition.evaluate(2, 1, "Runtime.availableProcessors()").getReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("this machine has 1 (Runtime.availableProcessors())"));
        assertThat(RequiresCoresCondition.evaluate(2, 2, "x").isDisabled()).isFalse();
    }

    /** Runs the class with -Dkit.cores=cores; test method name -> "skipped: reason" or the result status. */
    private static Map<String, String> run(Class<?> sample, String cores) {
        bodyRuns.set(0);
        Map<String, String> outcome = new ConcurrentHashMap<>();
        String before = System.getProperty(Cores.PROPERTY);
        System.setProperty(Cores.PROPERTY, cores);
        try {
            LauncherFactory.create().execute(request().selectors(selectClass(sample)).build(), new TestExecutionListener() {
                @Override
                public void executionSkipped(TestIdentifier test, String reason) {
                    if (test.isTest()) {
                        outcome.put(name(test), "skipped: " + reason);
                    } else {
                        // A skipped class: its tests never start, each is skipped for the same reason.
                        outcome.put(sample.getDeclaredMethods()[0].getName(), "skipped: " + reason);
                    }
                }

                @Override
                public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                    if (test.isTest()) {
                        outcome.put(name(test), result.getStatus().name());
                    }
                }
            });
        } finally {
            SpeedupTest.restore(before);
        }
        return outcome;
    }

    private static String name(TestIdentifier test) {
        return test.getLegacyReportingName().replaceFirst("\\(.*$", "");
    }
}
