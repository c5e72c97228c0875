package kit.races;

import kit.races.RaceCatalog.Entry;
import kit.races.RaceCatalog.Kind;
import kit.races.RaceResult.Status;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs every race test in ONE jcstress invocation (each forked JVM costs seconds) and turns its
 * console output into one graded {@link RaceResult} per test of {@link RaceCatalog}.
 *
 * <p>A test that was expected but did not run (filtered out, "No matching tests", "No scheduling is
 * possible", jcstress crashed or timed out) is an error, never a pass.
 *
 * <p>From the command line, after {@code ./mvnw -q package -DskipTests}, with the lesson classes on the class path
 * that jcstress runs on (the jar leaves them out):
 * <pre>
 *   java -cp jcstress-tests/target/jcstress.jar kit.races.JcstressGrade \
 *        --classpath jcstress-tests/target/jcstress.jar:exercises/target/classes [--tests REGEX] [--timeout SECONDS] [-- JCSTRESS OPTIONS...]
 * </pre>
 * {@code --classpath CP} runs jcstress on that class path instead of this jar alone (the kit also puts
 * deliberately broken lesson classes in front of the jar that way, to check that each is caught).
 * It prints one line per test and exits 1 when points are missing or a test did not run.
 */
public final class JcstressGrade {

    /**
     * The jcstress options, chosen to fit the whole run in about a minute on 2 cores (see
     * docs/instructors/measurements.md, in the kit's repository, for the measurements):
     * <ul>
     *   <li>{@code -m quick}: 1 fork per test, 5 iterations of 200 ms;</li>
     *   <li>{@code -fsm 0}: no extra "stress" fork per test. It is the same JVM configuration with another
     *       seed, and it doubled the run; every race showed in the plain fork alone. (On JDK 17, jcstress
     *       still runs each test twice, with biased locking on and off.)</li>
     *   <li>{@code -sc false}: no split compilation; with it, each 2-actor test would run 9 forks
     *       (interpreter/C1/C2 for each actor);</li>
     *   <li>{@code -hs 128}: 128 MB of heap per fork instead of 256. jcstress touches the whole heap of a fork before
     *       it runs, so a fork holds all of it; with two forks at a time this keeps a whole grade under 1 GB
     *       (gradescope/README.md). The strides shrink with it; every race still shows in millions of samples.</li>
     *   <li>{@code -jvmArgs}: one JVM configuration instead of jcstress's auto-detected five: C2 only
     *       (no tiered warm-up in C1), and C2's scheduling randomizers, which reorder the plain
     *       loads and stores of the publication race as a real compiler may do.</li>
     * </ul>
     */
    public static final List<String> DEFAULT_OPTIONS = List.of(
            "-v",
            "-m", "quick",
            "-fsm", "0",
            "-sc", "false",
            "-hs", "128",
            "-jvmArgs", "-XX:-TieredCompilation -XX:+UnlockDiagnosticVMOptions -XX:+StressLCM -XX:+StressGCM");

    /** Everything about one run: the results and how it went. */
    public record Run(List<RaceResult> results, int exitCode, Duration duration, Path outputFile, JcstressOutput output) {

        public int points() {
            return results.stream().mapToInt(RaceResult::points).sum();
        }

        public int maxPoints() {
            return results.stream().mapToInt(RaceResult::maxPoints).sum();
        }
    }

    /** How to start jcstress: {@code java -jar JAR} or {@code java -cp CLASSPATH org.openjdk.jcstress.Main}. */
    public record Launch(Path jar, String classpath) {

        public static Launch jar(Path jar) {
            return new Launch(jar, null);
        }

        public static Launch classpath(String classpath) {
            return new Launch(null, classpath);
        }

        /** The jar this class was loaded from, else this JVM's class path. */
        public static Launch ofThisJvm() {
            try {
                Path source = Path.of(JcstressGrade.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
                    return jar(source);
                }
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                // fall through to the class path
            }
            return classpath(System.getProperty("java.class.path"));
        }

        List<String> command() {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            command.add(java);
            // jcstress formats its tables with the default locale; keep them parseable.
            command.add("-Duser.language=en");
            command.add("-Duser.country=US");
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                command.add("-cp");
                command.add(classpath);
                command.add("org.openjdk.jcstress.Main");
            }
            return command;
        }
    }

    /**
     * Runs jcstress once over the tests of {@code entries} whose name matches {@code testFilter}
     * and grades each of them.
     *
     * @param workDir where jcstress writes its results/ folder and where the console output is saved
     * @param timeout the whole run's limit; jcstress and its forks are killed after it
     */
    public static Run run(Launch launch, List<Entry> entries, String testFilter, List<String> options,
                          Path dir, Duration timeout) throws IOException, InterruptedException {
        Path workDir = dir.toAbsolutePath();   // jcstress runs in it: relative paths would nest
        Pattern filter = Pattern.compile(testFilter);
        List<Entry> expected = entries.stream().filter(e -> filter.matcher(e.name()).find()).toList();
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("no test of the catalog matches '" + testFilter + "'");
        }
        Files.createDirectories(workDir);
        Path outputFile = workDir.resolve("jcstress-output.txt");

        if (launch.classpath() != null) {
            launch = Launch.classpath(jarDirectories(launch.classpath(), workDir.resolve("classpath")));
        }
        List<String> command = new ArrayList<>(launch.command());
        command.addAll(options);
        command.add("-r");
        command.add(workDir.resolve("results").toString());
        // Exactly the expected tests: a test that jcstress did not run then shows up as missing.
        command.add("-t");
        command.add(RaceCatalog.filterFor(expected));

        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        Process process = builder.start();
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            // jcstress's forks are its children; it starts the next one as soon as one ends, so end
            // them until none is left, then jcstress itself.
            for (int i = 0; i < 50 && process.descendants().findAny().isPresent(); i++) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                Thread.sleep(100);
            }
            List<ProcessHandle> last = process.descendants().toList();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            last.forEach(ProcessHandle::destroyForcibly);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        deleteResultBlobs(workDir);

        String text = Files.readString(outputFile, StandardCharsets.UTF_8);
        JcstressOutput output = JcstressOutput.parse(text);
        List<String> why = new ArrayList<>(output.notices());
        if (!done) {
            why.add(0, "jcstress did not finish within " + timeout.toSeconds() + " s and was stopped (a machine too busy?)");
        } else if (!output.finished()) {
            List<String> last = text.lines().filter(l -> !l.isBlank()).toList();
            why.add(0, "jcstress exited with code " + process.exitValue() + " before printing its results: "
                    + String.join(" | ", last.subList(Math.max(0, last.size() - 3), last.size())).strip());
        }
        why.add("full output: " + outputFile);
        List<RaceResult> results = grade(output, expected, why);
        if (!output.finished()) {
            String partial = " (from the forks that finished before jcstress stopped)";
            results = results.stream().map(r -> r.message().startsWith("expected jcstress test did not run") ? r
                    : new RaceResult(r.testName(), r.status(), r.points(), r.maxPoints(), r.message() + partial,
                    r.demonstration(), r.raceObserved(), r.samples())).toList();
        }
        return new Run(results, done ? process.exitValue() : -1, duration, outputFile, output);
    }

    /**
     * The class path with each folder packed into a jar: jcstress scans its class path for one of its
     * start-up probes and misreads folders (the @Contended probe then fails, and the tests run without
     * padding between results). A reactor's {@code mvn test} has folders (target/classes) on it. Every entry
     * is made absolute: jcstress runs in the work folder, where a relative path would point elsewhere.
     */
    static String jarDirectories(String classpath, Path jars) throws IOException {
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                // jcstress runs in the work folder: a relative jar would be looked for there.
                entries.add(entry.isEmpty() ? entry : path.toAbsolutePath().toString());
                continue;
            }
            Path jar = jars.resolve(String.format(Locale.ROOT, "%02d-%s.jar", n++,
                    path.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "")));
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 var files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Grades each expected test from a parsed run; {@code whyMissing} explains tests that did not run. */
    public static List<RaceResult> grade(JcstressOutput output, List<Entry> expected, List<String> whyMissing) {
        List<RaceResult> results = new ArrayList<>();
        for (Entry entry : expected) {
            JcstressOutput.TestReport report = output.tests().get(entry.name());
            results.add(report == null ? notRun(entry, whyMissing) : grade(entry, report));
        }
        return results;
    }

    static RaceResult notRun(Entry entry, List<String> why) {
        String reason = why.isEmpty() ? "" : ": " + String.join("; ", why);
        return new RaceResult(entry.name(), Status.ERROR, 0, entry.points(),
                "expected jcstress test did not run" + reason, entry.kind() == Kind.DEMONSTRATION, false, 0);
    }

    static RaceResult grade(Entry entry, JcstressOutput.TestReport report) {
        boolean demo = entry.kind() == Kind.DEMONSTRATION;
        long samples = report.samples();
        List<JcstressOutput.Row> seen = report.rows().stream().filter(r -> r.samples() > 0).toList();
        List<JcstressOutput.Row> forbidden = seen.stream().filter(JcstressOutput.Row::forbidden).toList();
        List<JcstressOutput.Row> interesting = seen.stream().filter(JcstressOutput.Row::interesting).toList();
        boolean race = !forbidden.isEmpty() || !interesting.isEmpty();

        switch (report.label()) {
            case "OK" -> {
                if (demo) {
                    String message = race
                            ? "race shown in " + count(total(interesting)) + " of " + count(samples) + " samples, most often "
                                    + describe(interesting.stream().max(Comparator.comparingLong(JcstressOutput.Row::samples)).stream().toList(), -1)
                            : "race not observed in this run (" + count(samples) + " samples); run it again";
                    return new RaceResult(entry.name(), Status.PASSED, 0, 0, message, true, race, samples);
                }
                return new RaceResult(entry.name(), Status.PASSED, entry.points(), entry.points(),
                        "no forbidden outcome in " + count(samples) + " samples", false, race, samples);
            }
            case "FAILED" -> {
                String message = "forbidden outcome observed: " + describe(forbidden, samples)
                        + (demo || entry.hint().isEmpty() ? "" : ". Hint: " + entry.hint());
                return new RaceResult(entry.name(), Status.FAILED, 0, entry.points(), message, demo, true, samples);
            }
            default -> {
                String what = switch (report.label()) {
                    case "TIMEOUT" -> "timed out (an actor never returned: a wait that nobody ends?)";
                    case "SKIPPED" -> "was skipped by jcstress (API mismatch)";
                    case "VM ERROR" -> "crashed the test JVM";
                    default -> "threw an exception";
                };
                String detail = report.messages().stream()
                        .filter(m -> !m.startsWith("at ") && !m.isBlank())
                        .distinct()
                        .limit(3)
                        .collect(Collectors.joining(" | "));
                return new RaceResult(entry.name(), Status.ERROR, 0, entry.points(),
                        "jcstress test " + what + (detail.isEmpty() ? "" : ": " + detail),
                        demo, race, samples);
            }
        }
    }

    /** Outcomes, most frequent first: "1" (Lost update...) 12 times in 3,456 samples; ... (samples < 0: no counts). */
    private static String describe(List<JcstressOutput.Row> rows, long samples) {
        return rows.stream()
                .sorted(Comparator.comparingLong(JcstressOutput.Row::samples).reversed())
                .limit(3)
                .map(r -> "\"" + r.outcome() + "\" (" + r.description() + ")"
                        + (samples < 0 ? "" : " " + count(r.samples()) + " times in " + count(samples) + " samples"))
                .collect(Collectors.joining("; "));
    }

    private static long total(List<JcstressOutput.Row> rows) {
        return rows.stream().mapToLong(JcstressOutput.Row::samples).sum();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void deleteResultBlobs(Path workDir) throws IOException {
        // jcstress leaves its raw results (jcstress-results-*.bin.gz) in its working directory.
        try (var files = Files.list(workDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz")).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** One line per test, then the total. */
    public static String table(Run run) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Lesson %s (races), jcstress: %d/%d points in %.1f s%n",
                RaceCatalog.LESSON_ID, run.points(), run.maxPoints(), run.duration().toMillis() / 1000.0));
        for (RaceResult r : run.results()) {
            String points = r.demonstration() ? "demo" : r.points() + "/" + r.maxPoints();
            out.append(String.format(Locale.ROOT, "  %-6s %-5s %-40s %s%n", r.status().label(), points, r.shortName(), r.message()));
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        String tests = "kit\\.races\\.jcstress\\.";
        Duration timeout = Duration.ofMinutes(5);
        Launch launch = Launch.ofThisJvm();
        Path workDir = null;
        List<String> options = new ArrayList<>(DEFAULT_OPTIONS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tests" -> tests = args[++i];
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--jar" -> launch = Launch.jar(Path.of(args[++i]));
                case "--classpath" -> launch = Launch.classpath(args[++i]);
                case "--workdir" -> workDir = Path.of(args[++i]);
                case "--parse" -> {
                    // Grade a saved console output again, without running anything.
                    Path saved = Path.of(args[++i]);
                    JcstressOutput output = JcstressOutput.parse(Files.readString(saved, StandardCharsets.UTF_8));
                    List<String> why = new ArrayList<>(output.notices());
                    why.add(output.finished() ? "full output: " + saved : "the run stopped before its results; full output: " + saved);
                    List<RaceResult> results = grade(output, RaceCatalog.ENTRIES, why);
                    System.out.print(table(new Run(results, 0, Duration.ZERO, saved, output)));
                    System.exit(results.stream().allMatch(RaceResult::passed) ? 0 : 1);
                }
                case "--" -> {
                    // everything after "--" replaces the default jcstress options
                    options = List.of(args).subList(i + 1, args.length);
                    i = args.length;
                }
                default -> {
                    System.err.println("usage: JcstressGrade [--tests REGEX] [--timeout SECONDS] [--jar JAR | --classpath CP] [--workdir DIR] [--parse SAVED_OUTPUT] [-- JCSTRESS OPTIONS...]");
                    System.exit(2);
                }
            }
        }
        if (workDir == null) {
            workDir = launch.jar() != null
                    ? launch.jar().toAbsolutePath().getParent().resolve("jcstress-run")
                    : Path.of("target", "jcstress-run");
        }
        Run run = run(launch, RaceCatalog.ENTRIES, tests, options, workDir, timeout);
        System.out.print(table(run));
        boolean complete = run.results().stream().allMatch(RaceResult::passed) && !run.results().isEmpty();
        System.exit(complete ? 0 : 1);
    }

    private JcstressGrade() {
    }
}
