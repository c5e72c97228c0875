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
 * {@code .github/workflows/classroom.yml} ({@link #classroomWorkflow}): one Maven run grades every lesson, then a step
 * per lesson reports its score per test to GitHub Classroom.
 */
public final class ExportTemplate {

    /** Paths (prefixes, relative to the repository root) that stay with the instructor. */
    static final List<String> INSTRUCTOR_ONLY = List.of(
            "solutions/", "faults/", "alternatives/", "grader/src/faults/", "tools/", "docs/instructors.md", "docs/instructors/",
            "docs/mutation-testing.md", ".ci/",
            ".git/", ".github/", "gradescope/");

    static final Pattern LESSON = Pattern.compile("@Lesson\\(id\\s*=\\s*\"(\\d+)\",\\s*title\\s*=\\s*\"([^\"]*)\"");
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
        Path stepScript = target.resolve(".github/classroom/lesson-result.sh");
        Files.createDirectories(stepScript.getParent());
        Files.copy(source.resolve("tools/classroom/lesson-result.sh"), stepScript, StandardCopyOption.COPY_ATTRIBUTES);
        List<LessonStep> lessons = lessons(source.resolve("grader/src/test/java/lessons"));
        Path workflow = target.resolve(".github/workflows/classroom.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, classroomWorkflow(lessons), StandardCharsets.UTF_8);

        if (gitAvailable()) {
            run(target, "git", "init", "-q");
            run(target, "git", "add", "-A");
            run(target, "git", "-c", "user.name=Concurrency kit", "-c", "user.email=kit@localhost",
                    "commit", "-q", "-m", "Student template of the concurrency kit");
        }
        System.out.println("Exported " + copied + " files and .github/workflows/classroom.yml (" + lessons.size()
                + " lessons, grading step limited to " + gradingMinutes(lessons) + " min) to " + target);
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

    /** Seconds a lesson's JVM gets beyond its tests' timeouts (kit.grader.run.Supervisor.DEFAULT_ALLOWANCE). */
    static final long LESSON_ALLOWANCE_SECONDS = 60;
    /** Seconds a test or setup method without a @Timeout may take, as the supervisor counts it. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;
    /** Minutes the grading step gets beyond the lessons' budgets: Maven's start, downloads, compiling, the reports. */
    static final long BUILD_MINUTES = 10;
    /** Minutes the job gets beyond the grading step: checkout, JDK, cache restore and save, the lesson steps. */
    static final long JOB_MINUTES_BEYOND_GRADING = 10;

    static final Pattern VOID_METHOD = Pattern.compile("\\bvoid\\s+\\w+\\s*\\(");
    static final Pattern SUPERVISED = Pattern.compile("@(Test|BeforeAll|AfterAll)\\b");
    static final Pattern TIMEOUT = Pattern.compile(
            "@Timeout\\((?:value\\s*=\\s*)?(\\d+)(?:,\\s*unit\\s*=\\s*(?:TimeUnit\\.)?(\\w+))?\\)");

    /**
     * One lesson of the Classroom workflow, read from its graded test sources.
     *
     * @param id            the lesson's package (threads): its step id and the reporter's runner name
     * @param lesson        the lesson id (01), which names its result file grader/target/grade/classroom/01.json
     * @param points        the points of all its graded tests
     * @param budgetSeconds how long the supervisor lets it run at most: per test class, the timeouts of its tests and
     *                      setup plus the allowance
     */
    record LessonStep(String id, String lesson, String title, int points, long budgetSeconds) {
    }

    /** A step per lesson (lesson 03's two test classes, its JUnit tests and its jcstress race tests, are one), in order. */
    static List<LessonStep> lessons(Path testRoot) throws IOException {
        java.util.Map<String, LessonStep> byLesson = new java.util.TreeMap<>();
        if (!Files.isDirectory(testRoot)) {
            return List.of();
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
                LessonStep step = new LessonStep(file.getParent().getFileName().toString(), lesson.group(1), lesson.group(2),
                        points, budgetSeconds(text));
                byLesson.merge(step.lesson(), step, (a, b) -> new LessonStep(a.id(), a.lesson(), a.title(),
                        a.points() + b.points(), a.budgetSeconds() + b.budgetSeconds()));
            }
        }
        return List.copyOf(byLesson.values());
    }

    /**
     * What the supervisor's budgetSeconds gives a test class, from its source: the timeouts of its tests and of its
     * setup and teardown (30 s where a method has none), plus the allowance. Each method's annotations are the text
     * between the previous method and its own signature.
     */
    static long budgetSeconds(String source) {
        long sum = 0;
        int previous = 0;
        for (Matcher method = VOID_METHOD.matcher(source); method.find(); previous = method.end()) {
            String annotations = source.substring(previous, method.start());
            if (!SUPERVISED.matcher(annotations).find()) {
                continue;
            }
            Matcher timeout = TIMEOUT.matcher(annotations);
            sum += timeout.find() ? java.util.concurrent.TimeUnit.valueOf(timeout.group(2) == null ? "SECONDS" : timeout.group(2))
                    .toSeconds(Long.parseLong(timeout.group(1))) : DEFAULT_TIMEOUT_SECONDS;
        }
        return sum + LESSON_ALLOWANCE_SECONDS;
    }

    /** Minutes the grading step may take: every lesson's budget (each hung until stopped), plus the build. */
    static long gradingMinutes(List<LessonStep> lessons) {
        long seconds = lessons.stream().mapToLong(LessonStep::budgetSeconds).sum();
        return (seconds + 59) / 60 + BUILD_MINUTES;
    }

    /**
     * GitHub Classroom's workflow. One Maven run grades every lesson (each in a JVM of its own, each stopped after its
     * budget) and writes a Classroom result per lesson; then a cheap step per lesson hands its result (base64) to the
     * official reporter, which adds up {@code tests[].score}: partial credit per test. The grading step may fail
     * (points missing) or time out: everything after it runs anyway, and a lesson without a result counts as an error
     * worth its points. Maven's cache is restored and saved whatever the outcome.
     */
    static String classroomWorkflow(List<LessonStep> lessons) {
        long gradingMinutes = gradingMinutes(lessons);
        StringBuilder steps = new StringBuilder();
        StringBuilder env = new StringBuilder();
        List<String> runners = new ArrayList<>();
        for (LessonStep step : lessons) {
            runners.add(step.id());
            steps.append("""
                          - name: Lesson %1$s %2$s
                            id: %3$s
                            if: always()
                            run: .github/classroom/lesson-result.sh %1$s %4$d
                    """.formatted(step.lesson(), step.title().replace("\"", "'"), step.id(), step.points()));
            env.append("          ").append(step.id().toUpperCase(java.util.Locale.ROOT)).append("_RESULTS: \"${{ steps.")
                    .append(step.id()).append(".outputs.result }}\"\n");
        }
        return """
                # Generated by tools/ExportTemplate.java. One Maven run grades every lesson and writes a result per lesson
                # (grader/target/grade/classroom/<lesson>.json); a step per lesson hands its result (base64) to the reporter,
                # which adds up every test's score, so each test counts on its own. A lesson that hangs is stopped after its
                # own time budget and loses only its points; a lesson without a result counts as an error worth its points.
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
                    timeout-minutes: %1$d
                    steps:
                      - name: Checkout code
                        uses: actions/checkout@v4
                      - name: Set up JDK 17
                        uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '17'
                      # setup-java's own cache saves only when the job succeeds, which it does only with full marks.
                      - name: Restore Maven's cache
                        id: maven-cache
                        uses: actions/cache/restore@v4
                        with:
                          path: |
                            ~/.m2/repository
                            ~/.m2/wrapper
                          key: maven-${{ runner.os }}-${{ hashFiles('**/pom.xml', '.mvn/wrapper/maven-wrapper.properties') }}
                          restore-keys: maven-${{ runner.os }}-
                      # The lessons' budgets add up to %2$d minutes (every lesson hanging until stopped), plus %3$d for the build.
                      - name: Grade every lesson
                        id: grade
                        timeout-minutes: %4$d
                        continue-on-error: true
                        run: ./mvnw -B test
                      - name: Save Maven's cache
                        if: always() && steps.maven-cache.outputs.cache-hit != 'true'
                        uses: actions/cache/save@v4
                        with:
                          path: |
                            ~/.m2/repository
                            ~/.m2/wrapper
                          key: maven-${{ runner.os }}-${{ hashFiles('**/pom.xml', '.mvn/wrapper/maven-wrapper.properties') }}
                      - name: Grade summary
                        if: always()
                        run: |
                          if [ -s grader/target/grade/summary.md ]; then cat grader/target/grade/summary.md
                          else echo "No grade: the grading step did not finish, see its log."; fi >> "$GITHUB_STEP_SUMMARY"
                %5$s      - name: Autograding Reporter
                        if: always()
                        uses: classroom-resources/autograding-grading-reporter@v1
                        env:
                %6$s        with:
                          runners: %7$s
                """.formatted(gradingMinutes + JOB_MINUTES_BEYOND_GRADING, gradingMinutes - BUILD_MINUTES, BUILD_MINUTES,
                gradingMinutes, steps, env, String.join(",", runners));
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
