package kit.grader.run;

import kit.grader.fixtures.SampleLessonFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson JVM runs the methods the supervisor selected, found by name as surefire finds them. */
class LessonRunnerTest {

    static List<String> discovered(List<String> methods) {
        Channel.Settings settings = new Channel.Settings("token", SampleLessonFixture.class.getName(), methods, 2,
                "test", Map.of());
        TestPlan plan = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build()).discover(LessonRunner.discoveryRequest(settings));
        List<String> found = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            plan.getDescendants(root).stream().filter(TestIdentifier::isTest)
                    .forEach(test -> found.add(((MethodSource) test.getSource().orElseThrow()).getMethodName()));
        }
        return found.stream().sorted().toList();
    }

    @Test
    void no_methods_runs_the_whole_class() {
        assertThat(discovered(List.of())).containsExactly("fails_an_assertion", "hangs", "has_no_points_so_is_not_graded",
                "is_not_implemented", "is_skipped", "passes", "throws_something_else");
    }

    @Test
    void a_method_with_parameters_is_found_by_its_name() {
        // passes(TestReporter): JUnit's selectMethod(class, "passes") looks for a method without parameters.
        assertThat(discovered(List.of("passes", "hangs"))).containsExactly("hangs", "passes");
    }

    @Test
    void a_name_that_is_no_method_finds_nothing() {
        assertThat(discovered(List.of("no_such_method"))).isEmpty();
    }
}
