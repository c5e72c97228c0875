package kit.grader.run;

import com.tngtech.archunit.core.domain.JavaClasses;
import kit.grader.api.Allowance;
import kit.grader.api.Cores;
import kit.grader.api.GradedArtifact;
import kit.grader.policy.Policy;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.run.LessonSelection.Selection;
import kit.grader.run.LessonSelection.Uncompiled;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the graded tests, one JVM per lesson, and owns every result: the lesson's JVM only reports how its tests went,
 * over a {@link Channel} its code cannot reach, and the supervisor writes the journal ({@link Journal}) itself, after
 * every process of the lesson has ended. Before any lesson runs, it refuses what is not lesson code
 * ({@link ArtifactCheck}) and checks each lesson's code against the grader's {@link Policy}. A lesson whose JVM exits,
 * crashes or hangs loses only its unfinished tests (reported as not-run, with the reason); its output is capped; the
 * processes, shared memory and temporary files it leaves behind are removed and noted ({@link Containment}).
 *
 * <pre>
 * java kit.grader.run.Supervisor --grade-dir DIR --test-classes DIR [--lessons-module DIR] [--catalog FILE]
 *                                [--lesson ID] [--test PATTERN] [--cores N] [--swap FROM=TO] [--output-limit BYTES]
 *                                [--time-limit SECONDS] [--allowance SECONDS] [--scan lessons] [--contain auto|off]
 * </pre>
 * {@code --catalog} is the lesson catalog ({@link LessonCatalog#FILE}): a graded test class it lists that is not among
 * the compiled test classes did not compile, and its tests are reported as errors worth their points.
 * {@code --lessons-module} is the module whose code is graded ({@code exercises} or {@code solutions}): its
 * {@code src} must hold only lesson sources, its classes (under {@code target}, or what {@code --swap} puts in their
 * place) only lesson classes, and those come last on the lesson's class path, after the engine and the libraries; its
 * folder's name tells the lesson's tests which code they grade ({@link GradedArtifact}).
 * A lesson's JVM is stopped after {@code --time-limit} seconds, or by default after the sum of its tests' (and its
 * setup's) timeouts plus {@code --allowance} (60 s). {@code --lesson} and {@code --test} select what is graded
 * ({@link LessonSelection}); when the two select no graded test, the supervisor says so, naming both and the graded
 * test classes there are, records why in the journal (the build fails with that line) and runs nothing. The options
 * are read by {@link SupervisorOptions}; a bad one stops the supervisor at once, naming it.
 */
public final class Supervisor {

    static final long DEFAULT_OUTPUT_LIMIT = 256 * 1024;
    /** Each lesson JVM's heap: plenty for the lessons, and an endless allocation fails fast. */
    static final String HEAP = "1g";
    /** Seconds a lesson's JVM gets beyond its tests' timeouts: start-up, discovery, the reports. */
    public static final long DEFAULT_ALLOWANCE = 60;
    static final Path SHARED_MEMORY = Path.of("/dev/shm");
    /** The folder kit.multiprocessing.SharedMemory keeps its blocks in (its DIRECTORY_PROPERTY). */
    static final String SHARED_MEMORY_PROPERTY = "kit.shm.dir";

    private final Path gradeDir;
    private final String classpath;
    private final long outputLimit;
    private final Containment containment;
    private final List<Journal.Event> journal = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private long allowance = DEFAULT_ALLOWANCE;
    private int cores = Runtime.getRuntime().availableProcessors();
    private String coresSource = Cores.fromProperty(null);
    private Map<String, String> configuration = Map.of();
    /** The graded module's name (solutions, exercises), handed to each lesson as {@link GradedArtifact#PROPERTY}. */
    private String gradedArtifact = "";

    Supervisor(Path gradeDir, String classpath, long outputLimit, Containment containment) {
        this.gradeDir = gradeDir;
        this.classpath = classpath;
        this.outputLimit = outputLimit;
        this.containment = containment;
    }

    public static void main(String[] args) throws Exception {
        SupervisorOptions options;
        try {
            options = SupervisorOptions.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("[grader] The supervisor's command line: " + bad.getMessage());
            System.exit(2);
            return;
        }
        List<String> entries = swap(System.getProperty("java.class.path"), options.swap());
        Path module = options.lessonsModule();
        List<Path> artifact = module == null ? List.of() : artifactOf(entries, module, options.swap());

        Supervisor supervisor = new Supervisor(options.gradeDir(), lessonClasspath(entries, artifact), options.outputLimit(),
                Containment.detect(!options.contain()));
        supervisor.allowance = options.allowance();
        supervisor.cores = Cores.forGrading(options.cores());
        supervisor.coresSource = Cores.fromProperty(options.cores());
        supervisor.configuration = junitConfiguration(options.testClasses());
        supervisor.gradedArtifact = module == null ? "" : module.getFileName().toString();
        System.out.println("[grader] " + supervisor.containment.describe() + "; " + supervisor.cores + " core(s) ("
                + supervisor.coresSource + ")");

        List<LessonCatalog.GradedClass> catalog = LessonCatalog.read(options.testClasses(), options.scan());
        List<Uncompiled> uncompiled = options.catalog() != null
                ? LessonSelection.uncompiled(options.catalog(), options.testClasses()) : List.of();
        String lesson = options.lesson();
        String test = options.test();
        List<Selection> selections;
        List<Uncompiled> uncompiledSelected;
        Optional<String> nothing;
        try {
            TestFilter filter = TestFilter.parse(test);
            selections = LessonSelection.select(catalog, lesson, filter);
            uncompiledSelected = LessonSelection.selectUncompiled(uncompiled, lesson, filter);
            nothing = LessonSelection.nothingSelected(catalog, uncompiled, lesson, filter, selections, uncompiledSelected);
        } catch (IllegalArgumentException refusedPattern) {
            selections = List.of();
            uncompiledSelected = List.of();
            nothing = Optional.of("-Dtest=" + test + " is not a pattern Surefire accepts: "
                    + refusedPattern.getMessage().replaceAll("\\s*\n\\s*", " ") + " " + LessonSelection.FORMS);
        }
        if (nothing.isPresent()) {
            System.out.println("\n[grader] " + nothing.get());
            supervisor.journal.add(Journal.Event.nothingToGrade(nothing.get()));
            Journal.write(options.gradeDir(), supervisor.journal);
            return;
        }
        Map<String, String> refused = module == null ? Map.of() : supervisor.check(module, artifact, catalog, selections);
        supervisor.reportUncompiled(uncompiledSelected);
        for (Selection selection : selections) {
            String why = refused.get(selection.type().packageName());
            if (why != null) {
                supervisor.refuse(selection, why);
            } else {
                supervisor.run(selection, options.timeLimit());
            }
        }
        Journal.write(options.gradeDir(), supervisor.journal);
    }

    /**
     * Refuses what is not lesson code and checks every selected lesson's code against the policy; writes the policy's
     * line per lesson. Returns why a lesson package may not run, for each one that may not.
     */
    Map<String, String> check(Path module, List<Path> artifact, List<LessonCatalog.GradedClass> catalog,
                              List<Selection> selections) {
        Map<String, LessonCatalog.GradedClass> lessons = new TreeMap<>();
        catalog.forEach(c -> lessons.putIfAbsent(c.packageName(), c));
        Map<String, String> refused = new LinkedHashMap<>();

        List<ArtifactCheck.Refusal> strays = new ArrayList<>(ArtifactCheck.sources(module, lessons.keySet()));
        strays.addAll(ArtifactCheck.classes(artifact, lessons.keySet()));
        for (ArtifactCheck.Refusal stray : strays) {
            note("Refused before grading: " + stray.message());
        }
        List<ArtifactCheck.Refusal> anywhere = strays.stream().filter(s -> s.lesson() == null).toList();
        for (String lessonPackage : lessons.keySet()) {
            List<ArtifactCheck.Refusal> own = anywhere.isEmpty()
                    ? strays.stream().filter(s -> lessonPackage.equals(s.lesson())).toList() : anywhere;
            if (!own.isEmpty()) {
                refused.put(lessonPackage, "Refused before grading: " + own.get(0).message()
                        + (own.size() > 1 ? " (and " + (own.size() - 1) + " more file(s): see the grader's notes)" : ""));
            }
        }
        if (!anywhere.isEmpty()) {
            return refused;   // nothing of the artifact is read while something in it may not be lesson code
        }

        JavaClasses classes = Policy.read(artifact);
        // Every lesson package of the artifact is checked, with its lesson's allowances (none for a package no graded
        // test names): a lesson may use another's code.
        Set<String> artifactPackages = new java.util.TreeSet<>(lessons.keySet());
        classes.forEach(c -> Optional.ofNullable(ArtifactCheck.lessonOf(c.getName().replace('.', '/') + ".class", Set.of()))
                .ifPresent(artifactPackages::add));
        Map<String, List<Policy.Violation>> violations = new LinkedHashMap<>();
        for (String lessonPackage : artifactPackages) {
            LessonCatalog.GradedClass type = lessons.get(lessonPackage);
            violations.put(lessonPackage, Policy.check(classes, lessonPackage, type == null ? Set.of() : Set.of(type.lesson().allows())));
        }
        Set<String> selectedPackages = selections.stream().map(s -> s.type().packageName()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String lessonPackage : selectedPackages) {
            LessonCatalog.GradedClass type = lessons.get(lessonPackage);
            List<Policy.Violation> own = violations.get(lessonPackage);
            String usedRefusal = usedLessons(classes, lessonPackage, type).stream()
                    .filter(used -> !violations.getOrDefault(used, List.of()).isEmpty())
                    .map(used -> lessons.containsKey(used) ? lessons.get(used).label() : used).collect(Collectors.joining(", "));
            String message;
            if (!own.isEmpty()) {
                message = own.stream().limit(10).map(Policy.Violation::message).collect(Collectors.joining("\n"))
                        + (own.size() > 10 ? "\n... and " + (own.size() - 10) + " more" : "");
                refused.putIfAbsent(lessonPackage, "Refused by the grader's policy before it ran: "
                        + own.get(0).message() + (own.size() > 1 ? " (" + (own.size() - 1) + " more on the policy line)" : ""));
            } else if (!usedRefusal.isEmpty()) {
                message = "uses the code of lesson " + usedRefusal + ", which the policy refused";
                refused.putIfAbsent(lessonPackage, "Refused by the grader's policy before it ran: this lesson "
                        + message + ". Fix that lesson first.");
            } else {
                message = "no forbidden API in " + lessonPackage + (type.lesson().allows().length == 0 ? ""
                        : " (allowed here: " + Stream.of(type.lesson().allows()).map(Allowance::description)
                        .collect(Collectors.joining("; ")) + ")");
            }
            boolean passed = own.isEmpty() && usedRefusal.isEmpty() && !refused.containsKey(lessonPackage);
            journal.add(Journal.Event.policy(type.lesson().id(), type.lesson().title(), passed, message));
            if (!passed) {
                System.out.println("[grader] Lesson " + type.label() + " refused by the policy:\n  " + message.replace("\n", "\n  "));
            }
        }
        return refused;
    }

    /** The other lesson packages a lesson runs: those its code and its tests use, and theirs in turn. */
    static Set<String> usedLessons(JavaClasses classes, String lessonPackage, LessonCatalog.GradedClass type) {
        Set<String> used = new LinkedHashSet<>(type.lessonPackagesUsed());
        used.addAll(Policy.lessonPackagesUsedBy(classes, lessonPackage));
        for (boolean grew = true; grew; ) {
            Set<String> more = new LinkedHashSet<>(used);
            used.forEach(p -> more.addAll(Policy.lessonPackagesUsedBy(classes, p)));
            more.remove(lessonPackage);
            grew = more.size() > used.size();
            used = more;
        }
        return used;
    }

    /** Records a selection's graded tests as failed without running any of them. */
    void refuse(Selection selection, String why) {
        LessonRecord record = new LessonRecord(selection.type(), selection.methods());
        record.finishAll(Status.FAILED, why);
        journal.addAll(record.events());
        Journal.write(gradeDir, journal);
        System.out.println("\n[grader] Lesson " + selection.type().label() + " (" + selection.type().className()
                + "): not run. " + why);
    }

    /** Runs one lesson in a JVM of its own; a time limit of 0 means the lesson's own budget. */
    void run(Selection selection, long timeLimit) throws IOException, InterruptedException {
        LessonCatalog.GradedClass type = selection.type();
        String label = type.label();
        System.out.println("\n[grader] Lesson " + label + " (" + type.className() + ")");
        LessonRecord record = new LessonRecord(type, selection.methods());
        String mark = hex(8);
        // The lesson's shared memory and temporary files live in folders of its own, so what it leaves behind is its
        // own (and another grading run on the same machine is never touched). kit.multiprocessing.SharedMemory reads
        // the property, and a Pool passes it on to its workers.
        Path sharedMemory = Files.createTempDirectory(Files.isDirectory(SHARED_MEMORY) ? SHARED_MEMORY
                : Path.of(System.getProperty("java.io.tmpdir")), "grade-" + type.lesson().id() + "-");
        Path temporary = Files.createTempDirectory("grade-" + type.lesson().id() + "-tmp-");
        // In a namespace the lesson's /tmp is a folder of its own; the kit's own folders under /tmp are mounted back in.
        Path systemTemporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        List<String> keep = Stream.concat(Stream.of(classpath.split(File.pathSeparator)), Stream.of(""))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize())
                .filter(path -> path.startsWith(Path.of("/tmp")) && path.getNameCount() > 1)
                .map(path -> path.getName(1).toString()).distinct().toList();
        List<Path> compared = new ArrayList<>();
        if (!containment.namespaces()) {
            compared.add(SHARED_MEMORY);
            compared.add(systemTemporary);
        }
        Leftovers.Snapshot outside = Leftovers.snapshot(compared);

        List<String> java = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + HEAP, "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-XX:+DisplayVMOutputToStderr", "-Djava.awt.headless=true", "-cp", classpath,
                "-D" + SHARED_MEMORY_PROPERTY + "=" + (containment.namespaces() ? SHARED_MEMORY : sharedMemory),
                "-Djava.io.tmpdir=" + (containment.namespaces() ? "/tmp" : temporary)));
        if (!gradedArtifact.isEmpty()) {
            java.add("-D" + GradedArtifact.PROPERTY + "=" + gradedArtifact);
        }
        java.add(LessonRunner.class.getName());
        ProcessBuilder builder = new ProcessBuilder(containment.wrap(java, temporary, sharedMemory, keep));
        builder.environment().put(Containment.MARK, mark);
        Process child = builder.start();
        String token = hex(16);
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write(new Channel.Settings(token, type.className(), selection.methods(), cores, coresSource,
                    configuration).line());
        } catch (IOException gone) {
            // the JVM died at once: its exit code says why
        }
        LessonOutput output = new LessonOutput(System.out, outputLimit);
        Thread events = new Thread(() -> output.pumpEvents(child.getInputStream(), token, record), "events-" + type.lesson().id());
        Thread errors = new Thread(() -> output.pump(child.getErrorStream()), "errors-" + type.lesson().id());
        events.start();
        errors.start();

        Set<ProcessHandle> spawned = ConcurrentHashMap.newKeySet();
        long timeoutSeconds = timeLimit > 0 ? timeLimit : LessonCatalog.budgetSeconds(type, selection.methods(), allowance);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean stopped = false;
        while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
            child.descendants().forEach(spawned::add);
            if (System.nanoTime() > deadline) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                child.waitFor();
                stopped = true;
                break;
            }
        }
        events.join(TimeUnit.SECONDS.toMillis(5));
        errors.join(TimeUnit.SECONDS.toMillis(5));
        if (output.dropped() > 0) {
            note("Lesson " + label + " printed too much: " + output.dropped() + " bytes beyond the first " + outputLimit
                    + " were dropped.");
        }

        int exit = child.exitValue();
        if (stopped) {
            record.finishUnfinished("Not finished: lesson " + label + " was stopped after " + timeoutSeconds
                    + " s, its time limit. Something in it hangs without honouring the tests' timeouts.");
        } else if (exit != 0) {
            record.finishUnfinished("Not finished: the JVM of lesson " + label + " ended with exit code " + exit
                    + " before this test did (" + exitReason(exit) + "). The lesson's earlier results were kept.");
        } else {
            record.finishUnfinished("Not finished: the JVM of lesson " + label + " ended without a result for this test.");
        }

        // Every process of the lesson ends before its results count: re-parented ones (marked), and what it spawned.
        Set<ProcessHandle> leftBehind = new LinkedHashSet<>(Containment.marked(mark));
        spawned.stream().filter(ProcessHandle::isAlive).forEach(leftBehind::add);
        if (!leftBehind.isEmpty()) {
            List<String> named = leftBehind.stream().map(p -> Containment.describe(p, true)).toList();
            List<ProcessHandle> survivors = Containment.end(List.copyOf(leftBehind));
            note("Lesson " + label + " left " + named.size() + " process(es) running (" + String.join("; ", named)
                    + "); the grader ended them." + (survivors.isEmpty() ? ""
                    : " These did not end within 5 s: " + survivors.stream().map(p -> Long.toString(p.pid())).toList()));
        }
        List<String> sharedLeft = Leftovers.removeAll(sharedMemory);
        if (!sharedLeft.isEmpty()) {
            note("Lesson " + label + " left shared memory behind (" + String.join(", ", sharedLeft) + "); "
                    + "the grader removed it. close() and unlink() every block you create.");
        }
        // The mount points of the kit's own folders are empty outside the namespace: removed first, one by one, so that
        // nothing is ever deleted through a mount.
        boolean mountsGone = true;
        for (String name : keep) {
            try {
                Files.deleteIfExists(temporary.resolve(name));
            } catch (java.nio.file.DirectoryNotEmptyException stillMounted) {
                mountsGone = false;
            }
        }
        List<String> temporaryLeft = mountsGone ? Leftovers.removeAll(temporary) : new ArrayList<>();
        temporaryLeft.addAll(outside.removeNew());
        if (!temporaryLeft.isEmpty()) {
            note("Lesson " + label + " left files behind in the temporary folders (" + String.join(", ", temporaryLeft)
                    + "); the grader removed them.");
        }
        journal.addAll(record.events());
        Journal.write(gradeDir, journal);
    }

    /**
     * A selected lesson that did not compile: its selected tests are reported as errors, each with its points, so the
     * total stays the same and the other lessons are graded as usual.
     */
    void reportUncompiled(Path catalogFile, Path testClasses, String lesson, String test) {
        reportUncompiled(LessonSelection.selectUncompiled(LessonSelection.uncompiled(catalogFile, testClasses), lesson,
                TestFilter.parse(test)));
    }

    /** Reports the selected classes that did not compile, as above. */
    void reportUncompiled(List<Uncompiled> selected) {
        if (selected.isEmpty()) {
            return;
        }
        for (Uncompiled type : selected) {
            String lessonFolder = type.packageName().replace('.', '/');
            note("Lesson " + type.label() + " did not compile: its tests are counted as errors. Fix the compile errors shown above "
                    + "for exercises/src/main/java/" + lessonFolder + "/.");
            for (Map.Entry<String, Integer> method : type.graded().entrySet()) {
                String id = "uncompiled:" + type.className() + "#" + method.getKey();
                journal.add(Journal.Event.planned(id, type.id(), type.title(), method.getKey().replace('_', ' '),
                        method.getValue(), ""));
                journal.add(Journal.Event.finished(id, Status.ERROR, "Lesson " + type.label() + " did not compile: fix the compile "
                        + "errors in exercises/src/main/java/" + lessonFolder + "/ (they are printed near the start of the build).",
                        0, null, null));
            }
        }
        Journal.write(gradeDir, journal);
    }

    private void note(String message) {
        System.out.println("[grader] " + message);
        journal.add(Journal.Event.note(message));
    }

    static String exitReason(int exit) {
        if (exit == 137 || exit == 9) {
            return "killed";
        }
        if (exit == 134 || exit == 6) {
            return "the JVM crashed";
        }
        if (exit == LessonRunner.OUT_OF_MEMORY) {
            return "it ran out of memory: an OutOfMemoryError in your code (a lesson's JVM has -Xmx" + HEAP + ")";
        }
        return "System.exit(" + exit + ") or Runtime.halt(" + exit + ") in your code?";
    }

    /**
     * The classpath's entries with those at or under FROM (a module's classes folder or its jar) replaced by TO, which
     * may itself be several entries (an overlay first, then what it overlays); compared as normalized absolute paths.
     */
    static List<String> swap(String classpath, String swap) {
        List<String> entries = Stream.of(classpath.split(File.pathSeparator)).filter(e -> !e.isBlank()).toList();
        if (swap.isBlank()) {
            return entries;
        }
        String[] fromTo = swap.split("=", 2);
        Path from = Path.of(fromTo[0]).toAbsolutePath().normalize();
        List<String> to = Stream.of(fromTo[1].split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString()).toList();
        List<String> swapped = new ArrayList<>();
        boolean found = false;
        for (String entry : entries) {
            if (!Path.of(entry).toAbsolutePath().normalize().startsWith(from)) {
                swapped.add(entry);
            } else if (!found) {
                swapped.addAll(to);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("--swap: " + from + " is not on the classpath");
        }
        return swapped;
    }

    /** The graded artifact's entries: what --swap put in, or else what lies under the module's target folder. */
    static List<Path> artifactOf(List<String> entries, Path module, String swap) {
        if (!swap.isBlank()) {
            return Stream.of(swap.split("=", 2)[1].split(File.pathSeparator))
                    .map(e -> Path.of(e).toAbsolutePath().normalize()).toList();
        }
        Path target = module.resolve("target");
        return entries.stream().map(e -> Path.of(e).toAbsolutePath().normalize()).filter(p -> p.startsWith(target)).toList();
    }

    /** The lesson JVM's class path: the engine, the tests and the libraries first, the student's classes last. */
    static String lessonClasspath(List<String> entries, List<Path> artifact) {
        List<String> ordered = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (String entry : entries) {
            (artifact.contains(Path.of(entry).toAbsolutePath().normalize()) ? last : ordered).add(entry);
        }
        ordered.addAll(last);
        return String.join(File.pathSeparator, ordered);
    }

    /** The grader's own JUnit configuration (its junit-platform.properties), handed to each lesson explicitly. */
    static Map<String, String> junitConfiguration(Path testClasses) throws IOException {
        Path file = testClasses.resolve("junit-platform.properties");
        Map<String, String> configuration = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(key -> configuration.put(key, properties.getProperty(key)));
        }
        return configuration;
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


}
