package kit.grader.policy;

import com.tngtech.archunit.core.domain.JavaClasses;
import kit.grader.api.Allowance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy refuses each kind of forbidden use, names it exactly, and lets every ordinary concurrency tool through. */
class PolicyTest {

    @TempDir
    Path work;

    /**
     * Compiles one class of package lessons.sample with the given body and checks it under the given allowances. A
     * class lessons.sample.SampleTest, compiled beside it but not part of the artifact, stands for a graded test.
     */
    List<Policy.Violation> check(String imports, String body, Allowance... allowances) throws Exception {
        Path outside = work.resolve("tests");
        Path test = work.resolve("src-tests/lessons/sample/SampleTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "package lessons.sample;\npublic class SampleTest { }\n");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", outside.toString(), test.toString())).isZero();
        Path source = work.resolve("src/lessons/sample/Sample.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package lessons.sample;\n" + imports + "\npublic class Sample {\n" + body + "\n}\n");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + outside, "--release", "17", "-nowarn",
                "-g", source.toString());
        assertThat(exit).as("compiles: " + errors).isZero();
        JavaClasses artifact = Policy.read(List.of(classes));
        return Policy.check(artifact, "lessons.sample", Set.of(allowances));
    }

    void refused(Rule rule, String use, String imports, String body) throws Exception {
        List<Policy.Violation> violations = check(imports, body);
        assertThat(violations).as(body).isNotEmpty();
        assertThat(violations).as(body).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo(rule);
            assertThat(v.message()).contains("lessons.sample.Sample.").contains("(Sample.java").contains(use)
                    .contains(rule.why());
        });
    }

    @Test
    void a_property_set_in_a_static_initializer_is_refused_with_its_line() throws Exception {
        List<Policy.Violation> violations = check("", "static { System.setProperty(\"kit.cores\", \"1\"); }");
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.JVM_SETTINGS);
            assertThat(v.message()).isEqualTo("lessons.sample.Sample.<static initializer> (Sample.java:4) uses "
                    + "System.setProperty(String, String): not allowed, " + Rule.JVM_SETTINGS.why() + ".");
        });
    }

    @Test
    void each_kind_of_forbidden_use_is_refused() throws Exception {
        refused(Rule.REFLECTION, "Class.getDeclaredFields()", "", "void f() { Object.class.getDeclaredFields(); }");
        refused(Rule.REFLECTION, "uses Field", "import java.lang.reflect.Field;", "Field field;");
        refused(Rule.REFLECTION, "MethodHandles.privateLookupIn", "import java.lang.invoke.MethodHandles;",
                "void f() throws Exception { MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup()); }");
        refused(Rule.JDK_INTERNALS, "uses Unsafe", "", "Object u = sun.misc.Unsafe.class;");
        refused(Rule.FILES, "Files.writeString", "import java.nio.file.*;",
                "void f() throws Exception { Files.writeString(Path.of(\"x\"), \"y\"); }");
        refused(Rule.FILES, "uses FileOutputStream", "", "void f() throws Exception { new java.io.FileOutputStream(java.io.FileDescriptor.out); }");
        refused(Rule.FILES, "new PrintStream(String)", "", "void f() throws Exception { new java.io.PrintStream(\"journal-0.jsonl\"); }");
        refused(Rule.FILES, "File.delete()", "", "void f() { new java.io.File(\"x\").delete(); }");
        refused(Rule.FILES, "new Scanner(Path)", "", "void f() throws Exception { new java.util.Scanner(java.nio.file.Path.of(\"x\")); }");
        refused(Rule.PROCESSES, "uses ProcessBuilder", "", "void f() throws Exception { new ProcessBuilder(\"sh\").start(); }");
        refused(Rule.PROCESSES, "Runtime.exec(String)", "", "void f() throws Exception { Runtime.getRuntime().exec(\"sh\"); }");
        refused(Rule.PROCESSES, "ProcessHandle.parent()", "", "void f() { ProcessHandle.current().parent(); }");
        refused(Rule.PROCESSES, "ProcessHandle.allProcesses()", "", "void f() { ProcessHandle.allProcesses(); }");
        refused(Rule.PROCESSES, "Pool.Builder.jvmOptions(String[])", "",
                "void f() { kit.multiprocessing.Pool.builder().jvmOptions(\"-XX:OnError=sh\"); }");
        refused(Rule.PROCESSES, "Pool.keepSpareWorkers(int)", "", "void f() { kit.multiprocessing.Pool.keepSpareWorkers(2); }");
        refused(Rule.EXIT, "System.exit(int)", "", "void f() { System.exit(0); }");
        refused(Rule.EXIT, "Runtime.halt(int)", "", "void f() { Runtime.getRuntime().halt(0); }");
        refused(Rule.EXIT, "Runtime.addShutdownHook(Thread)", "", "void f() { Runtime.getRuntime().addShutdownHook(new Thread()); }");
        refused(Rule.JVM_SETTINGS, "System.setOut(PrintStream)", "", "void f() { System.setOut(System.err); }");
        refused(Rule.JVM_SETTINGS, "System.console()", "", "void f() { System.console(); }");
        refused(Rule.STACK_INSPECTION, "uses StackWalker", "", "void f() { StackWalker.getInstance(); }");
        refused(Rule.STACK_INSPECTION, "RuntimeException.getStackTrace()", "", "void f() { new RuntimeException().getStackTrace(); }");
        refused(Rule.STACK_INSPECTION, "Thread.getStackTrace()", "", "void f() { Thread.currentThread().getStackTrace(); }");
        refused(Rule.STACK_INSPECTION, "Exception.printStackTrace(PrintWriter)", "",
                "void f() { new Exception().printStackTrace(new java.io.PrintWriter(new java.io.StringWriter())); }");
        refused(Rule.STACK_INSPECTION, "uses ManagementFactory", "", "void f() { java.lang.management.ManagementFactory.getThreadMXBean(); }");
        refused(Rule.CLASS_LOADING, "Class.getClassLoader()", "", "void f() { Sample.class.getClassLoader(); }");
        refused(Rule.CLASS_LOADING, "Class.getResourceAsStream(String)", "", "void f() { Sample.class.getResourceAsStream(\"x\"); }");
        refused(Rule.CLASS_LOADING, "uses ServiceLoader", "", "void f() { java.util.ServiceLoader.load(Runnable.class); }");
        refused(Rule.CLASS_LOADING, "Thread.getContextClassLoader()", "", "void f() { Thread.currentThread().getContextClassLoader(); }");
        refused(Rule.NATIVE_CODE, "System.loadLibrary(String)", "", "void f() { System.loadLibrary(\"x\"); }");
        refused(Rule.NATIVE_CODE, "is a native method", "", "native void f();");
        refused(Rule.NETWORK, "uses Socket", "", "void f() throws Exception { new java.net.Socket(\"localhost\", 80); }");
        refused(Rule.GRADER_CLASSES, "uses Cores", "", "int f() { return kit.grader.api.Cores.available(); }");
        refused(Rule.GRADER_CLASSES, "uses SampleTest", "", "Object f() { return new SampleTest(); }");
        refused(Rule.GRADER_CLASSES, "uses Jcstress", "", "Object f() { return kit.grader.jcstress.Jcstress.DEFAULT_OPTIONS; }");
        refused(Rule.GRADER_CLASSES, "uses Races_02_LostUpdates", "", "Object f() { return new kit.races.jcstress.Races_02_LostUpdates(); }");
    }

    @Test
    void ordinary_concurrency_code_in_any_style_passes() throws Exception {
        assertThat(check("""
                import java.util.*;
                import java.util.concurrent.*;
                import java.util.concurrent.atomic.*;
                import java.util.concurrent.locks.*;
                import java.lang.invoke.*;
                import java.util.stream.*;
                import java.nio.file.Path;
                import kit.multiprocessing.*;
                """, """
                private static final VarHandle COUNT;
                static {
                    try {
                        COUNT = MethodHandles.lookup().findVarHandle(Sample.class, "count", int.class);
                    } catch (ReflectiveOperationException e) {
                        throw new ExceptionInInitializerError(e);
                    }
                }
                private volatile int count;
                private static final AtomicIntegerFieldUpdater<Sample> UPDATER =
                        AtomicIntegerFieldUpdater.newUpdater(Sample.class, "count");
                private static final ForkJoinPool POOL = new ForkJoinPool(2);
                record Range(int from, int to) { }
                enum Mode { SERIAL, PARALLEL }
                long run(Mode mode, int n) throws Exception {
                    COUNT.getAndAdd(this, 1);
                    UPDATER.incrementAndGet(this);
                    ReentrantLock lock = new ReentrantLock();
                    lock.lock();
                    try { count++; } finally { lock.unlock(); }
                    CountDownLatch latch = new CountDownLatch(1);
                    Thread t = new Thread(latch::countDown, "worker");
                    t.start();
                    t.join();
                    ExecutorService executor = Executors.newFixedThreadPool(2);
                    Future<Integer> f = executor.submit(() -> 1);
                    executor.shutdown();
                    String s = switch (mode.name()) { case "SERIAL" -> "s"; default -> "p" + n + new Range(0, n); };
                    try (Pool pool = new Pool(2)) {
                        Future<Integer> remote = pool.submit((SerializableFunction<Integer, Integer>) x -> x + 1, 41);
                        remote.get();
                    }
                    try (SharedMemory shm = SharedMemory.create(64)) {
                        shm.unlink();
                    }
                    try {
                        throw new IllegalStateException("x");
                    } catch (IllegalStateException e) {
                        e.printStackTrace();
                    }
                    Path png = Path.of("out").resolve("x.png").toAbsolutePath();
                    System.out.println(getClass().getSimpleName() + png.getFileName() + s + f.get());
                    return POOL.submit(() -> IntStream.range(0, n).parallel().asLongStream().sum()).get()
                            + Runtime.getRuntime().availableProcessors() + Thread.currentThread().getName().length()
                            + ProcessHandle.current().pid();
                }
                """)).isEmpty();
    }

    @Test
    void an_allowance_lets_through_exactly_what_it_names() throws Exception {
        String imports = "import java.nio.file.*;";
        String body = """
                void draw(Path png, org.jfree.chart.JFreeChart chart) throws Exception {
                    Files.createDirectories(png.toAbsolutePath().getParent());
                    org.jfree.chart.ChartUtils.saveChartAsPNG(png.toFile(), chart, 10, 10);
                }
                void more(Path png) throws Exception { Files.delete(png); }
                """;
        assertThat(check(imports, body)).extracting(Policy.Violation::use)
                .containsExactly("uses Files.createDirectories(Path, FileAttribute[])",
                        "uses ChartUtils.saveChartAsPNG(File, JFreeChart, int, int)", "uses Files.delete(Path)");
        assertThat(check(imports, body, Allowance.SAVE_CHART_AS_PNG)).extracting(Policy.Violation::use)
                .containsExactly("uses Files.delete(Path)");
    }

    @Test
    void the_first_copy_of_a_class_on_the_class_path_is_the_one_checked_in_folders_and_jars() throws Exception {
        check("", "void f() { }");                                   // a clean Sample, into a jar
        Path jar = work.resolve("clean.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("lessons/sample/Sample.class"));
            out.write(Files.readAllBytes(work.resolve("classes/lessons/sample/Sample.class")));
        }
        check("", "void f() { System.exit(1); }");                   // a refused Sample, in the classes folder
        Path overlay = work.resolve("classes");
        assertThat(Policy.check(Policy.read(List.of(overlay, jar)), "lessons.sample", Set.of())).as("the overlay first")
                .singleElement().extracting(Policy.Violation::rule).isEqualTo(Rule.EXIT);
        assertThat(Policy.check(Policy.read(List.of(jar, overlay)), "lessons.sample", Set.of())).as("the jar first").isEmpty();
        assertThat(Policy.check(Policy.read(List.of(jar)), "lessons.sample", Set.of())).as("a jar alone is read").isEmpty();
        assertThat(Policy.read(List.of(jar)).contain("lessons.sample.Sample")).isTrue();
    }

    @Test
    void the_lesson_packages_a_lesson_uses_are_found() throws Exception {
        Path classes = work.resolve("classes");
        for (String[] file : new String[][]{{"a", "public class A { public static int f() { return 1; } }"},
                {"b", "public class B { int g() { return lessons.a.A.f(); } }"}}) {
            Path source = work.resolve("src/lessons/" + file[0] + "/X.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "package lessons." + file[0] + ";\n" + file[1].replace("class A", "class A").replace(" A {", " A {"));
        }
        Path a = work.resolve("src/lessons/a/A.java");
        Files.move(work.resolve("src/lessons/a/X.java"), a);
        Path b = work.resolve("src/lessons/b/B.java");
        Files.move(work.resolve("src/lessons/b/X.java"), b);
        Files.createDirectories(classes);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "--release", "17", a.toString(), b.toString())).isZero();
        JavaClasses artifact = Policy.read(List.of(classes));
        assertThat(Policy.lessonPackagesUsedBy(artifact, "lessons.b")).containsExactly("lessons.a");
        assertThat(Policy.lessonPackagesUsedBy(artifact, "lessons.a")).isEmpty();
        assertThat(new File(classes.toFile(), "lessons/b/B.class")).exists();
    }
}
