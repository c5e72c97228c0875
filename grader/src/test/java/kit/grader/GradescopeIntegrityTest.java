package kit.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of {@code faults/integrity/} handed in through Gradescope ({@code gradescope/run_autograder}, which takes
 * only {@code exercises/src} from a submission): every attacked lesson ends at 0 points with its refusal.
 * The attacks are written into the stubs (the lesson code a student hands in), not the solutions.
 */
class GradescopeIntegrityTest {

    static final Path REPO = PlantedFaultsTest.REPO;

    @TempDir
    static Path scratch;
    static Path source;

    @BeforeAll
    @Timeout(300)
    static void cloneTheKit() throws Exception {
        KitChecks.assumeWholeKit();
        source = scratch.resolve("source");
        assertThat(ExportTemplateTest.run(scratch, 120, List.of("git", "clone", "-q", REPO.toString(), source.toString()),
                scratch.resolve("clone.log"))).isZero();
    }

    /** Runs run_autograder on a submission of the stubs with the given faults planted, and reads results.json. */
    static JsonNode grade(String name, List<PlantedFaultsTest.Fault> faults) throws Exception {
        Path root = scratch.resolve(name);
        Path submitted = root.resolve("submission/repo/exercises/src");
        ExportTemplateTest.copyTree(source.resolve("exercises/src"), submitted);
        for (PlantedFaultsTest.Fault fault : faults) {
            String file = fault.spec().getProperty("file");
            if (file != null) {
                Path stub = submitted.resolve("main/java").resolve(file);
                String text = Files.readString(stub);
                String replace = fault.spec().getProperty("replace");
                assertThat(text).as(fault.name() + ": the stub has the text to replace").contains(replace);
                Files.writeString(stub, text.replace(replace, fault.spec().getProperty("with")));
            }
            for (int i = 1; fault.spec().containsKey("add." + i + ".path"); i++) {
                String path = fault.spec().getProperty("add." + i + ".path");
                Path target = submitted.resolve(path.endsWith(".java") ? "main/java" : "main/resources").resolve(path);
                Files.createDirectories(target.getParent());
                Files.writeString(target, fault.spec().getProperty("add." + i + ".text", ""));
            }
        }
        Path kit = root.resolve("source");
        ExportTemplateTest.copyTree(source, kit);
        ProcessBuilder autograder = new ProcessBuilder("bash", "gradescope/run_autograder").directory(kit.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve("autograder.log").toFile());
        autograder.environment().put("AUTOGRADER_ROOT", root.toString());
        Process process = autograder.start();
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("run_autograder finishes").isTrue();
        return new ObjectMapper().readTree(root.resolve("results/results.json").toFile());
    }

    /** Each lesson's graded tests in results.json (not the policy's 0-point lines), by lesson id. */
    static Map<String, List<JsonNode>> byLesson(JsonNode results) {
        Map<String, List<JsonNode>> lessons = new TreeMap<>();
        for (JsonNode test : results.get("tests")) {
            boolean policy = test.get("tags").toString().contains("\"policy\"");
            if (!policy) {
                lessons.computeIfAbsent(test.get("tags").get(0).asText().substring("lesson-".length()), id -> new ArrayList<>()).add(test);
            }
        }
        return lessons;
    }

    @Test
    @Timeout(660)
    void lesson_code_that_attacks_the_grader_is_refused_lesson_by_lesson() throws Exception {
        List<PlantedFaultsTest.Fault> attacks = PlantedFaultsTest.faults().stream()
                .filter(f -> f.name().startsWith("integrity/") && f.spec().getProperty("file") != null)
                .filter(f -> !"false".equals(f.spec().getProperty("through-gradescope"))).toList();
        assertThat(attacks).hasSizeGreaterThan(5);
        JsonNode results = grade("lesson-code", attacks);

        assertThat(results.get("score").asInt()).isZero();
        Map<String, List<JsonNode>> lessons = byLesson(results);
        for (String lesson : attacks.stream().map(PlantedFaultsTest.Fault::lesson).distinct().toList()) {
            assertThat(lessons.get(lesson)).as("lesson " + lesson).isNotEmpty().allSatisfy(test -> {
                assertThat(test.get("score").asInt()).isZero();
                assertThat(test.get("output").asText()).contains("Refused by the grader's policy before it ran");
            });
        }
        assertThat(results.toString()).as("the policy line of an attacked lesson").contains("01 Threads: the grader's policy")
                .contains("Refused: lessons.threads.Threads.<static initializer>");
    }

    @Test
    @Timeout(660)
    void files_that_are_not_lesson_code_are_left_out_by_name() throws Exception {
        List<PlantedFaultsTest.Fault> attacks = PlantedFaultsTest.faults().stream()
                .filter(f -> f.name().startsWith("integrity/") && f.spec().getProperty("file") == null).toList();
        assertThat(attacks).hasSizeGreaterThan(3);
        JsonNode results = grade("stray-files", attacks);

        assertThat(results.get("score").asInt()).isZero();
        assertThat(byLesson(results)).as("every lesson is graded, as the stubs").hasSize(9);
        String output = results.get("output").asText();
        for (PlantedFaultsTest.Fault attack : attacks) {
            for (int i = 1; attack.spec().containsKey("add." + i + ".path"); i++) {
                String path = attack.spec().getProperty("add." + i + ".path");
                if (!path.startsWith("lessons/")) {
                    assertThat(output).as(attack.name()).contains("Left out").contains(path);
                }
            }
        }
    }
}
