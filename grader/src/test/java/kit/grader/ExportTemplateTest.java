package kit.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kit.grader.run.LessonCatalog;
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
        KitChecks.assumeWholeKit();
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
        assertThat(template.resolve("docs/instructors")).as("the instructor-only pages, measurements and all").doesNotExist();
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

    /**
     * What a student reads, the README, the lesson pages, the lesson code and the jcstress tests that lesson 03 points
     * at, gives commands that work in the template: the Maven wrapper (as the README promises), never the solutions
     * module or profile, and never the jcstress jar alone, which leaves the lesson classes out.
     */
    @Test
    void what_students_read_gives_only_commands_that_work_in_the_template() throws Exception {
        java.util.regex.Pattern wrong = java.util.regex.Pattern.compile(
                "(?<![./\\w])mvn |-Psolutions|-pl solutions|\\bsolutions/|java -jar jcstress-tests/target/jcstress\\.jar");
        List<Path> read = new ArrayList<>(List.of(template.resolve("README.md")));
        for (String folder : List.of("docs/lessons", "exercises/src", "jcstress-tests/src/main/java/kit/races/jcstress")) {
            try (Stream<Path> files = Files.walk(template.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".md") || f.toString().endsWith(".java")).sorted().forEach(read::add);
            }
        }
        List<String> found = new ArrayList<>();
        for (Path file : read) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                java.util.regex.Matcher m = wrong.matcher(lines.get(i));
                if (m.find()) {
                    found.add(template.relativize(file) + ":" + (i + 1) + ": '" + m.group() + "' in " + lines.get(i).strip());
                }
            }
        }
        assertThat(read).hasSizeGreaterThan(50);
        assertThat(found).as("commands that do not work in the template (use ./mvnw, and the class path of the lesson "
                + "pages' demos)").isEmpty();
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
    void workflow_grades_once_then_feeds_each_lesson_to_the_reporter_whatever_the_outcome() throws Exception {
        String workflow = Files.readString(template.resolve(".github/workflows/classroom.yml"));
        assertThat(workflow).contains("actions/checkout@v4").contains("actions/setup-java@v4").doesNotContain("cache: maven")
                .contains("classroom-resources/autograding-grading-reporter@v1")
                .contains("uses: actions/cache/restore@v4").contains("uses: actions/cache/save@v4")
                .contains("key: maven-${{ runner.os }}-${{ hashFiles('**/pom.xml', '.mvn/wrapper/maven-wrapper.properties') }}")
                .contains("if: always() && steps.maven-cache.outputs.cache-hit != 'true'")
                .contains("run: .github/classroom/lesson-result.sh 01 14").contains("id: threads")
                .contains("THREADS_RESULTS: \"${{ steps.threads.outputs.result }}\"")
                .contains("runners: threads,vectoradd,races,globallock,").contains(">> \"$GITHUB_STEP_SUMMARY\"");
        assertThat(workflow.split("run: \\./mvnw", -1)).as("one Maven run").hasSize(2);
        assertThat(workflow.split("\\n\\s+if: always\\(\\)\\n", -1)).as("9 lesson steps, the summary and the reporter always run")
                .hasSize(12);
        assertThat(template.resolve(".github/classroom/lesson-result.sh")).isExecutable();
        assertThat(template.resolve(".github/classroom/grade.sh")).doesNotExist();

        long lessonsSeconds = 0;
        for (Class<?> type : GradedTestsAreWellFormedTest.lessonClasses()) {
            lessonsSeconds += LessonCatalog.budgetSeconds(LessonCatalog.of(type), List.of(),
                    kit.grader.run.Supervisor.DEFAULT_ALLOWANCE);
        }
        java.util.regex.Matcher grading = java.util.regex.Pattern.compile("id: grade\\n\\s+timeout-minutes: (\\d+)").matcher(workflow);
        java.util.regex.Matcher job = java.util.regex.Pattern.compile("\\n    timeout-minutes: (\\d+)").matcher(workflow);
        assertThat(grading.find()).as("the grading step has a time limit of its own").isTrue();
        assertThat(job.find()).isTrue();
        long gradingMinutes = Long.parseLong(grading.group(1));
        assertThat(gradingMinutes * 60).as("the grading step outlasts every lesson hanging until the supervisor stops it")
                .isGreaterThanOrEqualTo(lessonsSeconds + 5 * 60).isLessThanOrEqualTo(lessonsSeconds + 15 * 60);
        assertThat(Long.parseLong(job.group(1))).as("the job outlasts the grading step").isGreaterThan(gradingMinutes + 5);

        // What the workflow says of each lesson is what the grader reads from the compiled classes.
        assertThat(gradingMinutes).as("the lessons' budgets as LessonCatalog counts them, in minutes, plus 10 for the build")
                .isEqualTo((lessonsSeconds + 59) / 60 + 10);
        Map<String, Integer> points = new java.util.TreeMap<>();
        for (LessonCatalog.GradedClass type : LessonCatalog.read(Path.of("target", "test-classes"), "lessons")) {
            points.merge(type.lesson().id(), type.graded().stream().mapToInt(LessonCatalog.TestMethod::points).sum(), Integer::sum);
        }
        assertThat(points).isNotEmpty();
        points.forEach((lesson, worth) -> assertThat(workflow).as("lesson %s's step", lesson)
                .contains("run: .github/classroom/lesson-result.sh " + lesson + " " + worth + "\n"));
    }

    @Test
    void carries_the_lesson_catalog_that_the_grader_reports_a_lesson_that_did_not_compile_from() throws Exception {
        assertThat(template.resolve("grader/" + LessonCatalog.FILE)).as("the kit's catalog, as the compiled classes say")
                .hasContent(LessonCatalog.formatClasses(Path.of("target", "test-classes")));
        assertThat(Files.readString(template.resolve("grader/pom.xml"))).contains("<argument>--catalog</argument>")
                .doesNotContain("kit.catalog.write");
    }

    @Test
    void a_lesson_step_without_a_result_reports_an_error_worth_the_lessons_points() throws Exception {
        Path student = scratch.resolve("no-result");
        Path output = scratch.resolve("github-output");
        Files.createDirectories(student.resolve("grader/target/grade/classroom"));
        Files.writeString(student.resolve("grader/target/grade/classroom/01.json"), "{\"version\":1,\"status\":\"pass\"}");
        Path script = template.resolve(".github/classroom/lesson-result.sh");
        for (String lesson : List.of("01", "04")) {
            ProcessBuilder step = new ProcessBuilder("bash", script.toString(), lesson, "17").directory(student.toFile())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("step-" + lesson + ".log").toFile());
            step.environment().put("GITHUB_OUTPUT", output.toString());
            assertThat(step.start().waitFor()).isZero();
        }
        List<String> results = Files.readAllLines(output);
        assertThat(results).hasSize(2).allMatch(line -> line.startsWith("result="));
        String present = new String(java.util.Base64.getDecoder().decode(results.get(0).substring("result=".length())));
        assertThat(present).as("lesson 01's file, as the grader wrote it").isEqualTo("{\"version\":1,\"status\":\"pass\"}");
        JsonNode missing = new ObjectMapper().readTree(java.util.Base64.getDecoder().decode(results.get(1).substring("result=".length())));
        assertThat(ReportsTest.validate("classroom.schema.json", missing)).isEmpty();
        assertThat(missing.get("status").asText()).isEqualTo("error");
        assertThat(missing.get("max_score").asInt()).isEqualTo(17);
        assertThat(missing.get("tests").get(0).get("score").asInt()).isZero();
        assertThat(missing.get("tests").get(0).get("message").asText()).contains("No result for lesson 04");
        assertThat(new ProcessBuilder("bash", script.toString(), "04").start().waitFor()).as("a missing argument").isEqualTo(2);
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
        int perLessonTotal = 0;
        int perLessonMax = 0;
        for (JsonNode lesson : grade.get("lessons")) {
            JsonNode result = new ObjectMapper().readTree(
                    student.resolve("grader/target/grade/classroom/" + lesson.get("id").asText() + ".json").toFile());
            assertThat(result.get("max_score").asInt()).as("lesson " + lesson.get("id")).isEqualTo(lesson.get("max_score").asInt());
            for (JsonNode test : result.get("tests")) {
                perLessonTotal += test.get("score").asInt();
            }
            perLessonMax += result.get("max_score").asInt();
        }
        assertThat(perLessonTotal).as("the reporter's sum over the per-lesson results").isEqualTo(solvedPoints);
        assertThat(perLessonMax).isEqualTo(solvedPoints + otherPoints);
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
    @Timeout(900)
    void gradescope_run_autograder_grades_only_the_submitted_lesson_sources_wherever_they_are_into_results_json()
            throws Exception {
        Path root = scratch.resolve("autograder");
        Path source = root.resolve("source");
        assertThat(run(scratch, 60, List.of("git", "clone", "-q", template.toString(), source.toString()),
                scratch.resolve("clone2.log"))).isZero();
        for (String script : List.of("setup.sh", "run_autograder")) {
            Files.copy(REPO.resolve("gradescope").resolve(script), source.resolve(script), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path submission = root.resolve("submission");
        Path threads = REPO.resolve("solutions/src/main/java/lessons/threads");

        // A whole repository: the stubs with lesson 01 solved, and a test file of its own that must be ignored.
        Path submitted = submission.resolve("my-repo/exercises/src");
        copyTree(source.resolve("exercises/src"), submitted);
        copyTree(threads, submitted.resolve("main/java/lessons/threads"));
        Files.createDirectories(submission.resolve("my-repo/grader"));
        Files.writeString(submission.resolve("my-repo/grader/pom.xml"), "<project>not used</project>");
        JsonNode results = autograde(root, "");
        assertThat(ReportsTest.validate("gradescope.schema.json", results)).isEmpty();
        int lesson01 = lessonPoints(results, "01");
        assertThat(lesson01).isPositive();
        assertThat(results.get("score").asInt()).as("exactly lesson 01's points").isEqualTo(lesson01);

        // Loose files (no exercises/src): found by their package line. On one core, the output says so.
        deleteTree(submission);
        copyTree(threads, submission);
        results = autograde(root, "-Dlesson=01 -Dkit.cores=1");
        assertThat(ReportsTest.validate("gradescope.schema.json", results)).isEmpty();
        assertThat(results.get("score").asInt()).as("loose lesson 01 files earn lesson 01's points").isEqualTo(lessonPoints(results, "01"))
                .isPositive();
        assertThat(results.get("output").asText()).contains("too small", "at least 2 CPUs");

        // The build stops before grading: the stale grade of setup.sh's warm-up must not stand in for it.
        Files.createDirectories(source.resolve("grader/target/grade"));
        Files.writeString(source.resolve("grader/target/grade/results.json"), "{\"score\": 0, \"output\": \"stale warm-up\"}");
        results = autograde(root, "--no-such-maven-option");
        assertThat(results.get("score").asInt()).isZero();
        assertThat(results.get("output").asText()).contains("did not build", "The end of the build log:").doesNotContain("stale");

        // No lesson code at all: nothing is graded, and the output says what was expected.
        deleteTree(submission);
        Files.createDirectories(submission);
        Files.writeString(submission.resolve("answers.txt"), "my threads are in my head");
        results = autograde(root, "");
        assertThat(ReportsTest.validate("gradescope.schema.json", results)).isEmpty();
        assertThat(results.get("score").asInt()).isZero();
        assertThat(results.get("output").asText()).contains("No lesson code found", "package lessons.threads;", "answers.txt");
    }

    /** Runs gradescope/run_autograder under root (its source/, submission/, results/) and reads results.json. */
    static JsonNode autograde(Path root, String mavenArgs) throws Exception {
        Path log = scratch.resolve("autograder.log");
        ProcessBuilder autograder = new ProcessBuilder("bash", "run_autograder").directory(root.resolve("source").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        autograder.environment().put("AUTOGRADER_ROOT", root.toString());
        autograder.environment().put("KIT_GRADE_ARGS", mavenArgs);
        Process process = autograder.start();
        assertThat(process.waitFor(540, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        return new ObjectMapper().readTree(root.resolve("results/results.json").toFile());
    }

    static int lessonPoints(JsonNode results, String lesson) {
        int points = 0;
        for (JsonNode test : results.get("tests")) {
            if (test.get("tags").get(0).asText().equals("lesson-" + lesson)) {
                points += test.get("max_score").asInt();
            }
        }
        return points;
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
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
