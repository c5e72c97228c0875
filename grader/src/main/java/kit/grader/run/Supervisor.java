package kit.grader.run;

import kit.grader.GradingListener;
import kit.grader.Lesson;
import kit.grader.LessonFilter;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the graded tests, one JVM per lesson, and keeps the grade whatever the student's code does: a lesson
 * whose JVM exits, crashes or hangs loses only its unfinished tests (reported as not-run, with the reason);
 * its output is capped; the processes and shared-memory files it leaves behind are removed and noted.
 *
 * <pre>
 * java kit.grader.run.Supervisor --grade-dir DIR --test-classes DIR [--lesson ID] [--test PATTERN]
 *                                [--swap FROM=TO] [--output-limit BYTES] [--time-limit SECONDS] [--allowance SECONDS]
 *                                [--scan lessons]
 * </pre>
 * A lesson's JVM is stopped after {@code --time-limit} seconds, or by default after the sum of its tests' (and its
 * setup's) timeouts plus {@code --allowance} (60 s).
 * {@code --test} takes surefire's simple form: {@code ThreadsTest}, {@code Threads*}, {@code ThreadsTest#method},
 * comma-separated. {@code --swap FROM=TO} replaces the classpath entry under FROM by TO: the kit grades its stubs
 * that way, with {@code solutions/target} swapped for {@code exercises/target/classes}.
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
    private final Journal notes;
    private long allowance = DEFAULT_ALLOWANCE;

    Supervisor(Path gradeDir, String classpath, long outputLimit) {
        this.gradeDir = gradeDir;
        this.classpath = classpath;
        this.outputLimit = outputLimit;
        this.notes = Journal.open(gradeDir);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path gradeDir = Path.of(require(options, "grade-dir"));
        Path testClasses = Path.of(require(options, "test-classes"));
        String classpath = swap(System.getProperty("java.class.path"), options.getOrDefault("swap", ""));
        long limit = Long.parseLong(options.getOrDefault("output-limit", Long.toString(DEFAULT_OUTPUT_LIMIT)));

        Supervisor supervisor = new Supervisor(gradeDir, classpath, limit);
        List<Selection> selections = select(lessonClasses(testClasses, options.getOrDefault("scan", "lessons")),
                options.getOrDefault("lesson", ""), options.getOrDefault("test", ""));
        long timeLimit = Long.parseLong(options.getOrDefault("time-limit", "0"));
        supervisor.allowance = Long.parseLong(options.getOrDefault("allowance", Long.toString(DEFAULT_ALLOWANCE)));
        if (options.containsKey("test-sources")) {
            supervisor.reportUncompiled(Path.of(options.get("test-sources")), testClasses,
                    options.getOrDefault("lesson", ""), options.getOrDefault("test", ""));
        }
        for (Selection selection : selections) {
            supervisor.run(selection, timeLimit);
        }
        supervisor.notes.close();
    }

    /** A lesson's test class, and the methods to run (all when empty). */
    record Selection(Class<?> testClass, List<String> methods) {
    }

    /** Runs one lesson in a JVM of its own; a time limit of 0 means the lesson's own budget. */
    void run(Selection selection, long timeLimit) throws IOException, InterruptedException {
        Class<?> type = selection.testClass();
        Lesson lesson = type.getAnnotation(Lesson.class);
        String label = lesson.id() + " " + lesson.title();
        System.out.println("\n[grader] Lesson " + label + " (" + type.getName() + ")");
        // The lesson's shared memory lives in a folder of its own, so what it leaves behind is its own (and another
        // grading run on the same machine is never touched). kit.multiprocessing.SharedMemory reads the property,
        // and a Pool passes it on to its workers.
        Path sharedMemory = Files.createTempDirectory(Files.isDirectory(SHARED_MEMORY) ? SHARED_MEMORY : Path.of(
                System.getProperty("java.io.tmpdir")), "grade-" + lesson.id() + "-");

        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + HEAP, "-XX:+UseSerialGC",
                "-cp", classpath, "-D" + GradingListener.GRADE_DIR + "=" + gradeDir.toAbsolutePath(),
                "-D" + SHARED_MEMORY_PROPERTY + "=" + sharedMemory,
                LessonRunner.class.getName(), type.getName()));
        command.addAll(selection.methods());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Set<ProcessHandle> spawned = ConcurrentHashMap.newKeySet();
        Thread pump = new Thread(() -> pump(child.getInputStream(), System.out, label), "output-" + lesson.id());
        pump.start();

        long timeoutSeconds = timeLimit > 0 ? timeLimit : budgetSeconds(type, selection.methods(), allowance);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean stopped = false;
        while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
            child.descendants().forEach(spawned::add);
            if (System.nanoTime() > deadline) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                child.waitFor();
                finishUnfinished(child.pid(), "Not finished: lesson " + label + " was stopped after " + timeoutSeconds
                        + " s, its time limit. Something in it hangs without honouring the tests' timeouts.");
                stopped = true;
                break;
            }
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));

        int exit = child.exitValue();
        if (exit != 0 && !stopped) {
            finishUnfinished(child.pid(), "Not finished: the JVM of lesson " + label + " ended with exit code " + exit
                    + " before this test did (" + exitReason(exit) + "). The lesson's earlier results were kept.");
        }
        List<ProcessHandle> leftBehind = spawned.stream().filter(ProcessHandle::isAlive).toList();
        leftBehind.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : leftBehind) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);   // killing is asynchronous: be sure it is gone
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                note("Process " + process.pid() + " did not end within 5 s of being killed.");
            }
        }
        List<String> killed = leftBehind.stream().map(p -> Long.toString(p.pid())).toList();
        if (!killed.isEmpty()) {
            note("Lesson " + label + " left " + killed.size() + " child process(es) running (pid " + String.join(", ", killed)
                    + "); the grader ended them.");
        }
        List<String> leftover;
        try (Stream<Path> files = Files.list(sharedMemory)) {
            leftover = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        for (String name : leftover) {
            Files.deleteIfExists(sharedMemory.resolve(name));
        }
        Files.deleteIfExists(sharedMemory);
        if (!leftover.isEmpty()) {
            note("Lesson " + label + " left shared memory behind (" + String.join(", ", leftover) + "); "
                    + "the grader removed it. close() and unlink() every block you create.");
        }
    }

    static final java.util.regex.Pattern LESSON = java.util.regex.Pattern.compile(
            "@Lesson\\(id\\s*=\\s*\"(\\d+)\",\\s*title\\s*=\\s*\"([^\"]*)\"\\)");
    static final java.util.regex.Pattern VOID_METHOD = java.util.regex.Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    static final java.util.regex.Pattern POINTS = java.util.regex.Pattern.compile("@Points\\((\\d+)\\)");

    /** Method name to points, for each method whose annotations (the text since the previous method) hold @Points. */
    static Map<String, Integer> gradedMethods(String source) {
        Map<String, Integer> graded = new LinkedHashMap<>();
        int previous = 0;
        for (java.util.regex.Matcher method = VOID_METHOD.matcher(source); method.find(); previous = method.end()) {
            java.util.regex.Matcher points = POINTS.matcher(source.substring(previous, method.start()));
            if (points.find()) {
                graded.put(method.group(1), Integer.parseInt(points.group(1)));
            }
        }
        return graded;
    }

    /**
     * A lesson whose graded tests are in the sources but not among the compiled classes did not compile (the
     * student's exercise, or its tests against it): its tests are reported as errors, each with its points, so the
     * total stays the same and the other lessons are graded as usual.
     */
    void reportUncompiled(Path testSources, Path testClasses, String lesson, String test) throws IOException {
        Path root = testSources.resolve("lessons");
        if (!Files.isDirectory(root)) {
            return;
        }
        TestFilter filter = TestFilter.parse(test);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.getFileName().toString().endsWith("Test.java")).sorted().toList();
        }
        for (Path source : sources) {
            String relative = testSources.relativize(source).toString().replace(File.separatorChar, '/');
            String className = relative.replaceAll("\\.java$", "").replace('/', '.');
            if (Files.exists(testClasses.resolve(relative.replaceAll("\\.java$", ".class")))) {
                continue;
            }
            String text = Files.readString(source);
            java.util.regex.Matcher header = LESSON.matcher(text);
            String packageName = className.substring(0, className.lastIndexOf('.'));
            if (!header.find() || (!lesson.isBlank() && !LessonFilter.matches(lesson, header.group(1), header.group(2), packageName))
                    || !filter.mayRun(className.substring(className.lastIndexOf('.') + 1), className)) {
                continue;
            }
            String label = header.group(1) + " " + header.group(2);
            String lessonFolder = packageName.replace('.', '/');
            note("Lesson " + label + " did not compile: its tests are counted as errors. Fix the compile errors shown above "
                    + "for exercises/src/main/java/" + lessonFolder + "/.");
            for (Map.Entry<String, Integer> method : gradedMethods(text).entrySet()) {
                String id = "uncompiled:" + className + "#" + method.getKey();
                notes.write(Journal.Event.planned(id, header.group(1), header.group(2), method.getKey().replace('_', ' '),
                        method.getValue(), ""));
                notes.write(Journal.Event.finished(id, Status.ERROR, "Lesson " + label + " did not compile: fix the compile "
                        + "errors in exercises/src/main/java/" + lessonFolder + "/ (they are printed near the start of the build).",
                        0, null, null));
            }
        }
    }

    private void finishUnfinished(long pid, String message) {
        for (Journal.Event open : Journal.unfinished(Journal.fileOf(gradeDir, pid))) {
            notes.write(Journal.Event.finished(open.id(), Status.NOT_RUN, message, 0, null, null));
        }
    }

    private void note(String message) {
        System.out.println("[grader] " + message);
        notes.write(Journal.Event.note(message));
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

    /** Copies a child's output to ours, up to the limit, then only counts what it drops. */
    void pump(InputStream in, PrintStream out, String label) {
        byte[] buffer = new byte[8192];
        long written = 0;
        long dropped = 0;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                int keep = (int) Math.max(0, Math.min(n, outputLimit - written));
                out.write(buffer, 0, keep);
                written += keep;
                dropped += n - keep;
            }
        } catch (IOException ignored) {
            // the child is gone; what it printed so far has been copied
        }
        out.flush();
        if (dropped > 0) {
            note("Lesson " + label + " printed too much: " + dropped + " bytes beyond the first " + outputLimit + " were dropped.");
        }
    }

    /**
     * The sum of the timeouts of the selected tests and of the class's setup and teardown, plus an allowance for
     * start-up: past it, the lesson's JVM hangs beyond any test's control.
     */
    public static long budgetSeconds(Class<?> type, List<String> methods, long allowance) {
        long sum = 0;
        for (Method method : type.getDeclaredMethods()) {
            boolean selected = method.isAnnotationPresent(Test.class) && (methods.isEmpty() || methods.contains(method.getName()));
            if (selected || method.isAnnotationPresent(BeforeAll.class) || method.isAnnotationPresent(AfterAll.class)) {
                Timeout timeout = method.getAnnotation(Timeout.class);
                sum += timeout == null ? 30 : timeout.unit().toSeconds(timeout.value());
            }
        }
        return sum + allowance;
    }

    static List<Class<?>> lessonClasses(Path testClasses, String scan) throws IOException, ClassNotFoundException {
        Path root = testClasses.resolve(scan);
        List<Class<?>> classes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return classes;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Test.class")).sorted().toList()) {
                String name = testClasses.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Supervisor.class.getClassLoader());
                if (type.isAnnotationPresent(Lesson.class)) {
                    classes.add(type);
                }
            }
        }
        classes.sort((a, b) -> a.getAnnotation(Lesson.class).id().compareTo(b.getAnnotation(Lesson.class).id()));
        return classes;
    }

    /** The classes (and methods) that -Dlesson and -Dtest select ({@link TestFilter}). */
    static List<Selection> select(List<Class<?>> classes, String lesson, String test) {
        TestFilter filter = TestFilter.parse(test);
        List<Selection> selections = new ArrayList<>();
        for (Class<?> type : classes) {
            if (!lesson.isBlank() && !LessonFilter.matches(lesson, type.getAnnotation(Lesson.class), type)) {
                continue;
            }
            List<String> testMethods = Stream.of(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                    .map(Method::getName).toList();
            filter.methodsOf(type, testMethods).ifPresent(methods -> selections.add(new Selection(type, methods)));
        }
        return selections;
    }

    /**
     * The classpath with the entries at or under FROM (a module's classes folder or its jar) replaced by TO, which
     * may itself be several entries (an overlay first, then what it overlays); compared as normalized absolute paths.
     */
    static String swap(String classpath, String swap) {
        if (swap.isBlank()) {
            return classpath;
        }
        String[] fromTo = swap.split("=", 2);
        Path from = Path.of(fromTo[0]).toAbsolutePath().normalize();
        String to = Stream.of(fromTo[1].split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> entries = new ArrayList<>();
        boolean swapped = false;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!swapped && Path.of(entry).toAbsolutePath().normalize().startsWith(from)) {
                entries.add(to);
                swapped = true;
            } else if (!Path.of(entry).toAbsolutePath().normalize().startsWith(from)) {
                entries.add(entry);
            }
        }
        if (!swapped) {
            throw new IllegalArgumentException("--swap: " + from + " is not on the classpath");
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

}
