package kit.grader.jcstress;

import org.openjdk.jcstress.infra.collectors.TestResult;

import java.io.File;
import java.lang.reflect.Method;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs jcstress 0.16 in a child JVM, once for all the given tests (each forked JVM costs seconds), and returns what it
 * observed of each: an {@link Observation}, never points. A test that was expected but is not among jcstress's results
 * (filtered out, "No matching tests", "No scheduling is possible", jcstress crashed or was stopped) is observed as
 * {@link Observation.Verdict#NOT_RUN}, with the reason, and never as a pass.
 *
 * <p>The verdicts and counts come from jcstress's own result file ({@link JcstressResults}), not from its console:
 * the forks run lesson code, whose output lands in the console. The console is kept for people, and for the lines
 * that say why nothing ran.
 *
 * <p>By hand, after {@code ./mvnw -q package -DskipTests}, with the engine, the jcstress tests and the lesson classes
 * (on Windows, {@code ;} between the entries):
 * <pre>
 *   java -cp grader/target/classes:jcstress-tests/target/jcstress.jar:exercises/target/classes kit.grader.jcstress.Jcstress \
 *        [--tests REGEX] [--timeout SECONDS] [--workdir DIR] [-- JCSTRESS OPTIONS...]
 * </pre>
 * It runs jcstress on its own class path, prints one line per test and exits 1 when a test failed or did not run.
 */
public final class Jcstress {

    /**
     * The jcstress options, chosen to fit the whole run in about a minute on 2 cores (see
     * docs/instructors/measurements.md for the measurements):
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
     * {@code -v} lists every test in the console, also those with nothing to report, for the people who read it.
     */
    public static final List<String> DEFAULT_OPTIONS = List.of(
            "-v",
            "-m", "quick",
            "-fsm", "0",
            "-sc", "false",
            "-hs", "128",
            "-jvmArgs", "-XX:-TieredCompilation -XX:+UnlockDiagnosticVMOptions -XX:+StressLCM -XX:+StressGCM");

    /**
     * One run.
     *
     * @param observations one per expected test, in the order asked for
     * @param exitCode     jcstress's exit code (1 when a test failed), -1 when it was stopped
     * @param console      where jcstress's console output was saved
     * @param notices      jcstress's own lines about tests that could not run ("FATAL: No matching tests.")
     */
    public record Run(Map<String, Observation> observations, int exitCode, Duration duration, Path console,
                      List<String> notices) {

        /** The observation of a test that was asked for. */
        public Observation of(Class<?> jcstressTest) {
            Observation observation = observations.get(nameOf(jcstressTest));
            if (observation == null) {
                throw new IllegalArgumentException(nameOf(jcstressTest) + " was not asked for in this run");
            }
            return observation;
        }

        /** One line per test, for the console. */
        public String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "jcstress: %d test(s) in %.1f s, exit code %d, output in %s%n",
                    observations.size(), duration.toMillis() / 1000.0, exitCode, console));
            for (Observation o : observations.values()) {
                String name = o.test().substring(o.test().lastIndexOf('.', o.test().lastIndexOf('.') - 1) + 1);
                out.append(String.format(Locale.ROOT, "  %-8s %-40s %s%n", o.verdict(), name,
                        o.verdict() == Observation.Verdict.OK && o.raceObserved() ? o.raceSummary() : o.summary()));
            }
            return out.toString();
        }
    }

    /**
     * Runs jcstress once over exactly {@code tests} (jcstress's names, {@link #nameOf}) on
     * {@code classpath}, which must hold jcstress, the tests and the code they test.
     *
     * @param folder  where jcstress runs: its results/ report, its result file and the saved console output
     * @param timeout the whole run's limit; jcstress and its forks are killed after it
     */
    public static Run run(String classpath, Collection<String> tests, List<String> options, Path folder, Duration timeout)
            throws IOException, InterruptedException {
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("no jcstress test to run");
        }
        Path workDir = folder.toAbsolutePath();   // jcstress runs in it: relative paths would nest
        Files.createDirectories(workDir);
        for (Path old : JcstressResults.files(workDir)) {
            Files.delete(old);   // an earlier run's results must not count for this one
        }
        Path console = workDir.resolve("jcstress-output.txt");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // jcstress formats its console with the default locale: the saved output then reads the same everywhere.
                "-Duser.language=en", "-Duser.country=US",
                "-cp", jarDirectories(classpath, workDir.resolve("classpath")), "org.openjdk.jcstress.Main"));
        command.addAll(options);
        command.addAll(List.of("-r", workDir.resolve("results").toString()));
        // Exactly the expected tests: a test that jcstress did not run then shows up as missing.
        command.addAll(List.of("-t", filterFor(tests)));

        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            killTree(process);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);

        List<TestResult> forks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : JcstressResults.files(workDir)) {
            JcstressResults.Forks read = JcstressResults.read(file);
            forks.addAll(read.results());
            if (!read.cutShort().isEmpty()) {
                problems.add(read.cutShort());
            }
        }
        boolean partial = !done || !problems.isEmpty();
        Map<String, Observation> observed = JcstressResults.observe(forks, partial);

        String text = Files.readString(console, StandardCharsets.UTF_8);
        List<String> notices = notices(text, JcstressResults.printedByForks(forks));
        List<String> why = new ArrayList<>();
        if (!done) {
            why.add("jcstress did not finish within " + timeout.toSeconds() + " s and was stopped (a machine too busy?)");
        } else if (forks.isEmpty() || process.exitValue() > 1) {
            List<String> last = text.lines().filter(l -> !l.isBlank()).toList();
            why.add("jcstress exited with code " + process.exitValue() + ": "
                    + String.join(" | ", last.subList(Math.max(0, last.size() - 3), last.size())).strip());
        }
        why.addAll(problems);
        why.addAll(notices);
        why.add("full output: " + console);

        return new Run(expected(tests, observed, String.join("; ", why)), done ? process.exitValue() : -1, duration,
                console, notices);
    }

    /** One observation per test asked for, in that order: what jcstress observed, or that it did not run and why. */
    static Map<String, Observation> expected(Collection<String> tests, Map<String, Observation> observed, String whyNotRun) {
        Map<String, Observation> observations = new LinkedHashMap<>();
        for (String test : tests) {
            observations.put(test, observed.getOrDefault(test, Observation.notRun(test, whyNotRun)));
        }
        return observations;
    }

    /** jcstress's forks are its children, and it starts the next one as soon as one ends: end them until none is left. */
    private static void killTree(Process process) throws InterruptedException {
        for (int i = 0; i < 50 && process.descendants().findAny().isPresent(); i++) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(100);
        }
        List<ProcessHandle> last = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        last.forEach(ProcessHandle::destroyForcibly);
    }

    /** jcstress's name for a test class: its canonical name (nested classes with a dot). */
    public static String nameOf(Class<?> jcstressTest) {
        return jcstressTest.getCanonicalName();
    }

    /**
     * Every jcstress test that the methods of {@code gradedClass} name in their {@link JudgedByJcstress}, fixes and
     * racy ones, by method name.
     */
    public static Set<String> testsNamedBy(Class<?> gradedClass) {
        Set<String> tests = new LinkedHashSet<>();
        List<Method> methods = new ArrayList<>(List.of(gradedClass.getDeclaredMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            JudgedByJcstress judged = method.getAnnotation(JudgedByJcstress.class);
            if (judged != null) {
                tests.add(nameOf(judged.fix()));
                for (Class<?> racy : judged.racy()) {
                    tests.add(nameOf(racy));
                }
            }
        }
        return tests;
    }

    /** A jcstress {@code -t} filter that selects exactly these tests. */
    static String filterFor(Collection<String> tests) {
        return tests.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(", ")$"));
    }

    /**
     * jcstress's lines that say why tests could not run ("FATAL: ...", "No scheduling is possible", "ERROR: ..."),
     * leaving out every line a fork printed or reported: those come from lesson code. Notices only ever explain a
     * test that did not run; they never decide a verdict.
     */
    static List<String> notices(String console, Collection<String> printedByForks) {
        Set<String> forks = new HashSet<>(printedByForks);
        return console.lines().map(String::strip)
                .filter(l -> l.startsWith("FATAL") || l.startsWith("ERROR:") || l.contains("No scheduling is possible"))
                .filter(l -> !forks.contains(l))
                .distinct().toList();
    }

    /**
     * The class path with each folder packed into a jar: jcstress scans its class path for one of its start-up probes
     * and misreads folders (the @Contended probe then fails, and the tests run without padding between results). A
     * reactor's {@code mvn test} has folders (target/classes) on it. Every entry is made absolute: jcstress runs in
     * the work folder, where a relative path would point elsewhere.
     */
    static String jarDirectories(String classpath, Path jars) throws IOException {
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(path.toAbsolutePath().toString());
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

    /** Reads the result files in a folder as {@link #run} does, without running anything (the engine's tests, a saved run). */
    static Map<String, Observation> observe(Path folder) throws IOException {
        List<TestResult> forks = new ArrayList<>();
        boolean cut = false;
        for (Path file : JcstressResults.files(folder)) {
            JcstressResults.Forks read = JcstressResults.read(file);
            forks.addAll(read.results());
            cut |= !read.cutShort().isEmpty();
        }
        return JcstressResults.observe(forks, cut);
    }

    public static void main(String[] args) throws Exception {
        String tests = "^kit\\.races\\.jcstress\\.";
        Duration timeout = Duration.ofMinutes(5);
        Path workDir = Path.of("target", "jcstress-run");
        List<String> options = DEFAULT_OPTIONS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tests" -> tests = args[++i];
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--workdir" -> workDir = Path.of(args[++i]);
                case "--" -> {
                    // everything after "--" replaces the default jcstress options
                    options = List.of(args).subList(i + 1, args.length);
                    i = args.length;
                }
                default -> {
                    System.err.println("usage: Jcstress [--tests REGEX] [--timeout SECONDS] [--workdir DIR] [-- JCSTRESS OPTIONS...]");
                    System.exit(2);
                }
            }
        }
        // The tests there are: jcstress's own list of the class path's tests, filtered.
        Pattern filter = Pattern.compile(tests);
        List<String> selected = org.openjdk.jcstress.infra.runners.TestList.tests().stream()
                .filter(t -> filter.matcher(t).find()).sorted().toList();
        if (selected.isEmpty()) {
            System.err.println("no jcstress test on the class path matches '" + tests + "'");
            System.exit(1);
        }
        Run run = run(System.getProperty("java.class.path"), selected, options, workDir, timeout);
        System.out.print(run.table());
        boolean allOk = run.observations().values().stream().allMatch(o -> o.verdict() == Observation.Verdict.OK);
        System.exit(allOk ? 0 : 1);
    }

    private Jcstress() {
    }
}
