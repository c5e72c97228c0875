package kit.races;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Lesson 3's jcstress grade: ONE jcstress run over every test of {@link RaceCatalog}, then one
 * JUnit result per jcstress test (a fix earns its points when it passed; a demonstration is worth 0).
 *
 * <p>jcstress runs from this JVM's class path (the lesson classes of exercises/, or of solutions/
 * with -Psolutions), so it also works in a reactor's {@code mvn test}, where nothing is packaged.
 *
 * <p>With the kit's checks on ({@code -Psolutions}), a demonstration must also show its race.
 */
class RacesJcstressTest {

    static final boolean KIT_CHECKS = "false".equals(System.getProperty("kit.checks.skip"));

    @TestFactory
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    List<DynamicTest> jcstress() throws Exception {
        String filter = System.getProperty("kit.races.tests", "kit\\.races\\.jcstress\\.");
        JcstressGrade.Run run = JcstressGrade.run(
                JcstressGrade.Launch.classpath(System.getProperty("java.class.path")),
                RaceCatalog.ENTRIES, filter, JcstressGrade.DEFAULT_OPTIONS,
                Path.of("target", "jcstress-run"), Duration.ofMinutes(5));
        System.out.print(JcstressGrade.table(run));

        return run.results().stream()
                .map(result -> DynamicTest.dynamicTest(result.shortName(), () -> check(result)))
                .toList();
    }

    private static void check(RaceResult result) {
        if (!result.passed()) {
            fail(result.status().label() + ": " + result.message());
        }
        if (KIT_CHECKS && result.demonstration() && !result.raceObserved()) {
            fail("the demonstration did not show its race: " + result.message());
        }
    }
}
