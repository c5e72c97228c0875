import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
 * per lesson reports its score per test to GitHub Classroom. The lessons, their points and their time budgets come from
 * the lesson catalog {@value #CATALOG} (kit.grader.run.LessonCatalog writes it from the compiled graded tests, and a
 * kit check fails while it disagrees with them), which the template carries for the grader.
 */
public final class ExportTemplate {

    /** Paths (prefixes, relative to the repository root) that stay with the instructor. */
    static final List<String> INSTRUCTOR_ONLY = List.of(
            "solutions/", "faults/", "alternatives/", "grader/src/faults/", "tools/", "docs/instructors.md", "docs/instructors/",
            "docs/mutation-testing.md", ".ci/",
            ".git/", ".github/", "gradescope/");

    /** The lesson catalog, relative to the repository root (kit.grader.run.LessonCatalog.FILE, in the grader module). */
    static final String CATALOG = "grader/lesson-catalog.tsv";
    /** What rewrites it from the compiled graded tests (kit.grader.run.LessonCatalog.WRITE_COMMAND). */
    static final String CATALOG_COMMAND = "./mvnw -q -Psolutions -pl grader -am process-test-classes -Dkit.catalog.write=true";
    /** The graded test sources, each of which the catalog must list. */
    static final String GRADED_TESTS = "grader/src/test/java/";

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

        List<LessonStep> lessons = lessons(source);   // first: a catalog out of date stops the export before it starts

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

    /** Minutes the grading step gets beyond the lessons' budgets: Maven's start, downloads, compiling, the reports. */
    static final long BUILD_MINUTES = 10;
    /** Minutes the job gets beyond the grading step: checkout, JDK, cache restore and save, the lesson steps. */
    static final long JOB_MINUTES_BEYOND_GRADING = 10;

    /**
     * One lesson of the Classroom workflow, as the lesson catalog lists it.
     *
     * @param id            the lesson's package (threads): its step id and the reporter's runner name
     * @param lesson        the lesson id (01), which names its result file grader/target/grade/classroom/01.json
     * @param points        the points of all its graded tests
     * @param budgetSeconds how long the supervisor lets it run at most: per test class, the timeouts of its tests and
     *                      setup plus the allowance (the catalog's budget of each class)
     */
    record LessonStep(String id, String lesson, String title, int points, long budgetSeconds) {
    }

    /** A step per lesson (lesson 03's two test classes, its JUnit tests and its jcstress race tests, are one), in order. */
    static List<LessonStep> lessons(Path root) throws IOException {
        java.util.Map<String, LessonStep> byLesson = new java.util.TreeMap<>();
        for (CatalogClass type : catalog(root)) {
            String packageName = type.className().substring(0, type.className().lastIndexOf('.'));
            LessonStep step = new LessonStep(packageName.substring(packageName.lastIndexOf('.') + 1), type.lesson(),
                    type.title(), type.points(), type.budgetSeconds());
            byLesson.merge(step.lesson(), step, (a, b) -> new LessonStep(a.id(), a.lesson(), a.title(),
                    a.points() + b.points(), a.budgetSeconds() + b.budgetSeconds()));
        }
        return List.copyOf(byLesson.values());
    }

    /**
     * A graded test class as the lesson catalog lists it.
     *
     * @param points        the points of its graded tests
     * @param budgetSeconds how long the supervisor lets it run at most
     */
    record CatalogClass(String lesson, String title, String className, long budgetSeconds, int points) {
    }

    /**
     * The lesson catalog's classes: a line "class, lesson id, title, test class, budget seconds" each, and after it a
     * line "test, method, points, timeout seconds" per test method (fields separated by tabs; # starts a comment).
     * Fails, naming the command that rewrites the catalog, when it is missing, malformed, or does not list exactly the
     * graded test sources.
     */
    static List<CatalogClass> catalog(Path root) throws IOException {
        Path file = root.resolve(CATALOG);
        if (!Files.isRegularFile(file)) {
            fail(CATALOG + " is missing: write it from the compiled graded tests with " + CATALOG_COMMAND);
        }
        List<CatalogClass> classes = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String[] fields = line.split("\t", -1);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            } else if (fields[0].equals("class") && fields.length == 5 && fields[4].matches("\\d+")) {
                classes.add(new CatalogClass(fields[1], fields[2], fields[3], Long.parseLong(fields[4]), 0));
            } else if (fields[0].equals("test") && fields.length == 4 && !classes.isEmpty()
                       && fields[2].matches("\\d+") && fields[3].matches("\\d+")) {
                CatalogClass type = classes.remove(classes.size() - 1);
                classes.add(new CatalogClass(type.lesson(), type.title(), type.className(), type.budgetSeconds(),
                        type.points() + Integer.parseInt(fields[2])));
            } else {
                fail(CATALOG + ", line " + number + ": not a class or test line of the lesson catalog (" + line
                     + "); write it again with " + CATALOG_COMMAND);
            }
        }
        TreeSet<String> listed = classes.stream().map(CatalogClass::className).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> sources = new TreeSet<>();
        Path tests = root.resolve(GRADED_TESTS);
        if (Files.isDirectory(tests.resolve("lessons"))) {
            try (Stream<Path> files = Files.walk(tests.resolve("lessons"))) {
                files.filter(f -> f.getFileName().toString().endsWith("Test.java")).forEach(f -> sources.add(
                        tests.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", "").replace('/', '.')));
            }
        }
        if (!listed.equals(sources)) {
            TreeSet<String> unlisted = new TreeSet<>(sources);
            unlisted.removeAll(listed);
            listed.removeAll(sources);
            fail(CATALOG + " is out of date" + (unlisted.isEmpty() ? "" : ": it does not list " + unlisted)
                 + (listed.isEmpty() ? "" : (unlisted.isEmpty() ? ": " : "; ") + "it lists " + listed + ", which have no source")
                 + ". Write it again from the compiled graded tests with " + CATALOG_COMMAND);
        }
        return classes;
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
