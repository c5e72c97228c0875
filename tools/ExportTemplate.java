import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Exports the student template: this repository without anything that gives answers away, as a git repository
 * of its own, ready to be a GitHub Classroom template.
 *
 * <pre>java tools/ExportTemplate.java ../concurrency-kit-template</pre>
 *
 * Left out: {@code solutions/}, the planted faulty implementations, the alternative solutions, instructor-only files (listed in
 * {@link #INSTRUCTOR_ONLY}), the instructor-only parts of Markdown pages ({@link #withoutInstructorParts}), build output
 * and version-control folders. Every pom loses its {@code solutions} and
 * {@code mutation} profiles and the root pom its {@code solutions} module, so the template builds on its own. Added:
 * {@code .github/workflows/classroom.yml}, one grading step per graded test class (so one per lesson, and lesson 03's
 * jcstress race tests a step of their own), each reporting a score per test to GitHub Classroom.
 */
public final class ExportTemplate {

    /** Paths (prefixes, relative to the repository root) that stay with the instructor. */
    static final List<String> INSTRUCTOR_ONLY = List.of(
            "solutions/", "faults/", "alternatives/", "grader/src/faults/", "tools/", "docs/instructors.md", "docs/mutation-testing.md", ".ci/",
            ".git/", ".github/", "gradescope/");

    static final Pattern LESSON = Pattern.compile("@Lesson\\(id\\s*=\\s*\"(\\d+)\",\\s*title\\s*=\\s*\"([^\"]*)\"\\)");
    static final Pattern POINTS = Pattern.compile("@Points\\((\\d+)\\)");

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            fail("usage: java tools/ExportTemplate.java TARGET_DIR (a new or empty folder)");
        }
        Path source = Path.of("").toAbsolutePath();
        Path target = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isRegularFile(source.resolve("pom.xml")) || !Files.isDirectory(source.resolve("solutions"))) {
            fail("run this from the kit's repository root (where pom.xml and solutions/ are)");
        }
        if (target.startsWith(source)) {
            fail("the target " + target + " must be outside the repository");
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    fail("the target " + target + " is not empty");
                }
            }
        }

        int copied = 0;
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = source.relativize(file).toString().replace('\\', '/');
                if (!exported(relative)) {
                    continue;
                }
                Path to = target.resolve(relative);
                Files.createDirectories(to.getParent());
                if (relative.endsWith("pom.xml")) {
                    Files.writeString(to, withoutSolutions(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                } else if (relative.endsWith(".md")) {
                    Files.writeString(to, withoutInstructorParts(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
                copied++;
            }
        }
        Path stepScript = target.resolve(".github/classroom/grade.sh");
        Files.createDirectories(stepScript.getParent());
        Files.copy(source.resolve("tools/classroom/grade.sh"), stepScript, StandardCopyOption.COPY_ATTRIBUTES);
        List<Step> steps = steps(source.resolve("grader/src/test/java/lessons"));
        Path workflow = target.resolve(".github/workflows/classroom.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, classroomWorkflow(steps), StandardCharsets.UTF_8);

        if (gitAvailable()) {
            run(target, "git", "init", "-q");
            run(target, "git", "add", "-A");
            run(target, "git", "-c", "user.name=Concurrency kit", "-c", "user.email=kit@localhost",
                    "commit", "-q", "-m", "Student template of the concurrency kit");
        }
        System.out.println("Exported " + copied + " files and .github/workflows/classroom.yml (" + steps.size()
                + " grading steps) to " + target);
    }

    static boolean exported(String relative) {
        // In a git worktree (or a submodule) .git is a file that points at the real repository: copied into the
        // template, it makes the template's git init/add/commit run on this repository's checked-out branch.
        if (relative.equals(".git")) {
            return false;
        }
        if (INSTRUCTOR_ONLY.stream().anyMatch(relative::startsWith)) {
            return false;
        }
        return !relative.contains("/target/") && !relative.startsWith("target/")
                && !relative.contains("/.idea/") && !relative.endsWith(".iml");
    }

    /**
     * The pom without the solutions module and without any profile whose id is solutions or mutation (mutation testing
     * of the graded tests over the solutions: docs/mutation-testing.md).
     */
    static String withoutSolutions(String pom) {
        String out = pom.replaceAll("\\n\\s*<module>solutions</module>", "");
        out = out.replaceAll("(?s)\\n\\s*<profile>(?:(?!</profile>).)*?<id>(?:solutions|mutation)</id>.*?</profile>", "");
        out = out.replaceAll("(?s)\\n\\s*<profiles>\\s*</profiles>", "");
        return out;
    }

    /**
     * A Markdown page without its instructor-only parts: from a line that starts with {@code <!-- instructor-only} to
     * the line {@code <!-- /instructor-only -->}, both included (say, the README's commands that need solutions/).
     */
    static String withoutInstructorParts(String markdown) {
        return markdown.replaceAll("(?s)<!-- instructor-only\\b.*?<!-- /instructor-only -->\\R?(\\R)?", "");
    }

    /** One grading step: a graded test class, its lesson and its points, read from the test sources. */
    record Step(String id, String lesson, String title, String testClass, int points) {
    }

    /** A step per graded test class (lesson 03 has two: its JUnit tests and its jcstress race tests), in lesson order. */
    static List<Step> steps(Path testRoot) throws IOException {
        List<Step> steps = new ArrayList<>();
        if (!Files.isDirectory(testRoot)) {
            return steps;
        }
        try (Stream<Path> files = Files.walk(testRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.java")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher lesson = LESSON.matcher(text);
                if (!lesson.find()) {
                    continue;
                }
                int points = 0;
                for (Matcher p = POINTS.matcher(text); p.find(); ) {
                    points += Integer.parseInt(p.group(1));
                }
                String testClass = file.getFileName().toString().replace(".java", "");
                String id = testClass.replaceAll("Test$", "").toLowerCase(java.util.Locale.ROOT);
                steps.add(new Step(id, lesson.group(1), lesson.group(2), testClass, points));
            }
        }
        steps.sort(java.util.Comparator.comparing(Step::lesson).thenComparing(Step::testClass));
        return steps;
    }

    /**
     * GitHub Classroom's workflow: a step per lesson that grades it and hands its per-test result (the reporter's
     * JSON, base64) to the official reporter, which adds up {@code tests[].score}: partial credit per test.
     */
    static String classroomWorkflow(List<Step> gradingSteps) {
        StringBuilder steps = new StringBuilder();
        List<String> runners = new ArrayList<>();
        for (Step step : gradingSteps) {
            runners.add(step.id());
            steps.append("""
                          - name: Lesson %1$s %2$s (%3$s)
                            id: %4$s
                            run: .github/classroom/grade.sh %5$d grader/target/grade/classroom.json ./mvnw -B -q test -Dlesson=%1$s -Dtest=%3$s
                    """.formatted(step.lesson(), step.title().replace("\"", "'"), step.testClass(), step.id(), step.points()));
        }
        StringBuilder env = new StringBuilder();
        for (String runner : runners) {
            env.append("          ").append(runner.toUpperCase()).append("_RESULTS: \"${{ steps.").append(runner)
                    .append(".outputs.result }}\"\n");
        }
        return """
                # Generated by tools/ExportTemplate.java. Each step grades one lesson and outputs GitHub Classroom's
                # per-test result JSON (base64); the reporter adds up every test's score, so each test counts on its own.
                name: Autograding Tests
                on:
                  - push
                  - repository_dispatch
                permissions:
                  checks: write
                  actions: read
                  contents: read
                jobs:
                  run-autograding-tests:
                    runs-on: ubuntu-latest
                    if: github.actor != 'github-classroom[bot]'
                    timeout-minutes: 30
                    steps:
                      - name: Checkout code
                        uses: actions/checkout@v4
                      - name: Set up JDK 17
                        uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '17'
                          cache: maven
                %s      - name: Autograding Reporter
                        uses: classroom-resources/autograding-grading-reporter@v1
                        env:
                %s        with:
                          runners: %s
                """.formatted(steps, env, String.join(",", runners));
    }

    static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            fail(String.join(" ", command) + " failed in " + dir);
        }
    }

    static void fail(String message) {
        System.err.println("ExportTemplate: " + message);
        System.exit(2);
    }

    private ExportTemplate() {
    }
}
