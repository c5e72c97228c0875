package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** Workers must not outlive their parent, even when it is killed with SIGKILL (no chance to clean up). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentDeathTest {

    @ParameterizedTest(name = "workers {0}")
    @ValueSource(strings = {"idle", "busy"})
    void workersEndWhenTheirParentIsKilled(String mode) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ParentMain.class.getName(), "2", mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Long> workers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PIDS")) {
                // skip anything else the parent prints
            }
            assertThat(line).as("the parent's PIDS line").isNotNull();
            for (String pid : line.substring(4).trim().split(" ")) {
                workers.add(Long.parseLong(pid));
            }
            assertThat(workers).hasSize(2).allMatch(Processes::isRunning);
        } finally {
            parent.destroyForcibly();                       // kill -9
            parent.waitFor(30, TimeUnit.SECONDS);
        }
        await("workers " + workers + " to end after their parent was killed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> workers.stream().noneMatch(Processes::isRunning));
    }
}
