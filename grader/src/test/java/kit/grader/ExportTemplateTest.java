package kit.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** tools/ExportTemplate.java: the student template gives nothing away, builds alone, and grades per test. */
class ExportTemplateTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path scratch;
    static Path template;

    @BeforeAll
    static void export() throws Exception {
        template = scratch.resolve("template");
        int exit = run(REPO, 120, List.of(java(), "tools/ExportTemplate.java", template.toString()), scratch.resolve("export.log"));
        assertThat(exit).as(Files.readString(scratch.resolve("export.log"))).isZero();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int run(Path dir, int seconds, List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        return process.exitValue();
    }

    @Test
    void leaves_out_solutions_instructor_files_and_the_solutions_profile() throws Exception {
        assertThat(template.resolve("solutions")).doesNotExist();
        assertThat(template.resolve("faults")).as("the planted faults").doesNotExist();
        assertThat(template.resolve("alternatives")).as("the alternative solutions").doesNotExist();
        assertThat(template.resolve("tools")).doesNotExist();
        assertThat(template.resolve(".ci")).doesNotExist();
        assertThat(template.resolve("docs/instructors.md")).doesNotExist();
        assertThat(template.resolve("docs/mutation-testing.md")).doesNotExist();
        assertThat(template.resolve(".git")).as("a git repository of its own").isDirectory();
        assertThat(template.resolve("exercises/src/main/java/lessons")).isDirectory();
        try (Stream<Path> pages = Files.walk(template).filter(p -> p.toString().endsWith(".md"))) {
            for (Path page : pages.toList()) {
                assertThat(Files.readString(page)).as(page + ": its instructor-only parts are left out")
                        .doesNotContain("instructor-only");
            }
        }
        assertThat(Files.readString(template.resolve("docs/lessons/03-races.md"))).as("the lesson 03 page")
                .contains("./mvnw test -Dlesson=03").doesNotContain("-Dlesson=03 -Psolutions");
        assertThat(Files.readString(template.resolve("README.md"))).as("the student README")
                .contains("## For students", "./mvnw test -Dlesson=01")
                .doesNotContain("## For instructors", "verify -Psolutions", "docs/instructors.md");
        try (Stream<Path> poms = Files.walk(template).filter(p -> p.getFileName().toString().equals("pom.xml"))) {
            for (Path pom : poms.toList()) {
                String text = Files.readString(pom);
                assertThat(text).as(pom.toString()).doesNotContain("<module>solutions</module>").doesNotContain("<id>solutions</id>")
                        .doesNotContain("<id>mutation</id>").doesNotContain("pitest");
            }
        }
    }

    @Test
    void contains_no_solution_code() throws Exception {
        Map<String, String> fingerprints = solutionFingerprints();
        assertThat(fingerprints).as("solution regions to look for").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(template).filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/"))) {
            for (Path file : files.toList()) {
                String text;
                try {
                    text = normalize(Files.readString(file));
                } catch (MalformedInputException binary) {
                    continue;
                }
                fingerprints.forEach((window, origin) -> {
                    if (text.contains(window)) {
                        leaks.add(template.relativize(file) + " contains solution code from " + origin + ": " + window);
                    }
                });
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void workflow_has_a_step_per_lesson_and_feeds_each_to_the_reporter() throws Exception {
        String workflow = Files.readString(template.resolve(".github/workflows/classroom.yml"));
        assertThat(workflow).contains("actions/checkout@v4").contains("actions/setup-java@v4").contains("cache: maven")
                .contains("classroom-resources/autograding-grading-reporter@v1")
                .contains("id: threads").contains("-Dlesson=01 -Dtest=ThreadsTest")
                .contains("THREADS_RESULTS: \"${{ steps.threads.outputs.result }}\"")
                .contains("id: racesjcstress").contains("-Dlesson=03 -Dtest=RacesJcstressTest")
                .contains("runners: threads,vectoradd,races");
        assertThat(template.resolve(".github/classroom/grade.sh")).isExecutable();
    }

    @Test
    @Timeout(600)
    void a_template_with_lessons_01_and_02_solved_earns_exactly_their_points_per_test_even_with_another_lesson_broken()
            throws Exception {
        // A student's clone of the template, with the solutions of lessons 01 and 02 copied in.
        Path student = scratch.resolve("student");
        assertThat(run(scratch, 60, List.of("git", "clone", "-q", template.toString(), student.toString()),
                scratch.resolve("clone.log"))).isZero();
        for (String lesson : List.of("threads", "vectoradd")) {
            Path from = REPO.resolve("solutions/src/main/java/lessons").resolve(lesson);
            Path to = student.resolve("exercises/src/main/java/lessons").resolve(lesson);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // A compile error in another lesson costs only that lesson's points.
        Path broken = student.resolve("exercises/src/main/java/lessons/processpool/ProcessPool.java");
        Files.writeString(broken, Files.readString(broken).replaceFirst("private ProcessPool\\(\\) \\{",
                "private ProcessPool() {\n        int broken = \"not an int\";"));
        Path log = scratch.resolve("template-test.log");
        int exit = run(student, 540, List.of("./mvnw", "-o", "-B", "-q", "test"), log);

        JsonNode grade = new ObjectMapper().readTree(student.resolve("grader/target/grade/grade.json").toFile());
        JsonNode classroom = new ObjectMapper().readTree(student.resolve("grader/target/grade/classroom.json").toFile());
        int solvedPoints = 0;
        int otherPoints = 0;
        for (JsonNode lesson : grade.get("lessons")) {
            if (List.of("01", "02").contains(lesson.get("id").asText())) {
                solvedPoints += lesson.get("max_score").asInt();
            } else {
                otherPoints += lesson.get("max_score").asInt();
            }
        }
        int classroomTotal = 0;
        for (JsonNode test : classroom.get("tests")) {
            classroomTotal += test.get("score").asInt();
        }
        assertThat(solvedPoints).isPositive();
        assertThat(classroomTotal).as("the reporter's sum of tests[].score").isEqualTo(solvedPoints);
        assertThat(classroom.get("max_score").asInt()).isEqualTo(solvedPoints + otherPoints);
        assertThat(exit).as("./mvnw test fails while other lessons' points are missing").isEqualTo(otherPoints > 0 ? 1 : 0);
        assertThat(Files.readString(log)).contains("SCOREBOARD").contains("Lesson 06 Process pool did not compile");
        for (JsonNode test : grade.get("tests")) {
            if (test.get("lesson").asText().equals("06")) {
                assertThat(test.get("status").asText()).as("lesson 06 did not compile").isEqualTo("error");
                assertThat(test.get("max_score").asInt()).as("its points still count in the total").isPositive();
            }
        }
    }

    @Test
    @Timeout(600)
    void gradescope_run_autograder_grades_only_the_submitted_sources_into_results_json() throws Exception {
        Path root = scratch.resolve("autograder");
        Path source = root.resolve("source");
        assertThat(run(scratch, 60, List.of("git", "clone", "-q", template.toString(), source.toString()),
                scratch.resolve("clone2.log"))).isZero();
        for (String script : List.of("setup.sh", "run_autograder")) {
            Files.copy(REPO.resolve("gradescope").resolve(script), source.resolve(script), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        // The submission: the stubs with lesson 01 solved, and a test file of its own that must be ignored.
        Path submitted = root.resolve("submission/my-repo/exercises/src");
        copyTree(source.resolve("exercises/src"), submitted);
        copyTree(REPO.resolve("solutions/src/main/java/lessons/threads"), submitted.resolve("main/java/lessons/threads"));
        Files.createDirectories(root.resolve("submission/my-repo/grader"));
        Files.writeString(root.resolve("submission/my-repo/grader/pom.xml"), "<project>not used</project>");

        ProcessBuilder autograder = new ProcessBuilder("bash", "run_autograder").directory(source.toFile())
                .redirectErrorStream(true).redirectOutput(scratch.resolve("autograder.log").toFile());
        autograder.environment().put("AUTOGRADER_ROOT", root.toString());
        Process process = autograder.start();
        assertThat(process.waitFor(540, TimeUnit.SECONDS)).isTrue();

        JsonNode results = new ObjectMapper().readTree(root.resolve("results/results.json").toFile());
        assertThat(ReportsTest.validate("gradescope.schema.json", results)).isEmpty();
        int lesson01 = 0;
        for (JsonNode test : results.get("tests")) {
            if (test.get("tags").get(0).asText().equals("lesson-01")) {
                lesson01 += test.get("max_score").asInt();
            }
        }
        assertThat(lesson01).isPositive();
        assertThat(results.get("score").asInt()).as("exactly lesson 01's points").isEqualTo(lesson01);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Three consecutive meaningful lines of each solution region, whitespace folded, and where they come from. */
    static Map<String, String> solutionFingerprints() throws IOException {
        Map<String, String> windows = new HashMap<>();
        try (Stream<Path> files = Files.walk(REPO.resolve("solutions/src")).filter(p -> p.toString().endsWith(".java"))) {
            for (Path file : files.toList()) {
                List<String> region = null;
                for (String line : Files.readAllLines(file)) {
                    String code = line.strip();
                    if (code.startsWith("// BEGIN SOLUTION")) {
                        region = new ArrayList<>();
                    } else if (code.startsWith("// END SOLUTION") && region != null) {
                        for (int i = 0; i + 3 <= region.size(); i++) {
                            windows.put(normalize(String.join("\n", region.subList(i, i + 3))), REPO.relativize(file).toString());
                        }
                        region = null;
                    } else if (region != null && meaningful(code)) {
                        region.add(code);
                    }
                }
            }
        }
        return windows;
    }

    static boolean meaningful(String code) {
        return !code.isEmpty() && !code.startsWith("//") && !code.matches("[{}();]*") && !code.startsWith("throw new IllegalArgumentException");
    }

    static String normalize(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
