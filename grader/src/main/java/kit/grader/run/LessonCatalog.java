package kit.grader.run;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import kit.grader.api.Allowance;
import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.PoolExtension;
import kit.grader.policy.Policy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The graded test classes as the supervisor knows them, read from their class files (by ArchUnit) without loading
 * them: lesson, points, timeouts and hints come from here, never from what a lesson's JVM says about itself.
 *
 * <p>Where no class file can be read, the catalog file ({@value #FILE} in the grader module) stands in for them: written
 * from here ({@link #format}) and read back here ({@link #parse}), it holds the lessons' ids, titles, points and time
 * budgets for the JDK-only tools (tools/ExportTemplate.java, tools/Regrade.java), and the graded tests of a lesson
 * whose test class did not compile in a student's build ({@link Supervisor}). The kit's {@code -Psolutions} build
 * compares it with the compiled classes ({@link #main}) and a kit check fails while they disagree.
 */
public final class LessonCatalog {

    /** JUnit's default timeout for a test without {@code @Timeout} (junit-platform.properties says the same). */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    /** The catalog file, in the grader module: grader/lesson-catalog.tsv from the kit's (and the template's) root. */
    public static final String FILE = "lesson-catalog.tsv";

    /** The command, run from the kit's root, that rewrites the catalog file from the compiled classes. */
    public static final String WRITE_COMMAND =
            "./mvnw -q -Psolutions -pl grader -am process-test-classes -Dkit.catalog.write=true";

    /**
     * One graded test class.
     *
     * @param className    its full name
     * @param lesson       its {@code @Lesson}
     * @param tests        its {@code @Test} methods, graded or not, in name order
     * @param setupSeconds the timeouts of its {@code @BeforeAll} and {@code @AfterAll} methods, added up, and
     *                     {@link PoolExtension#SETUP_SECONDS} for each pool it registers on a static field
     * @param lessonPackagesUsed the other lessons' packages the tests use (lesson 05's tests use lesson 04's lock)
     */
    public record GradedClass(String className, Lesson lesson, List<TestMethod> tests, long setupSeconds,
                              Set<String> lessonPackagesUsed) {
        public String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        public String packageName() {
            return className.substring(0, className.lastIndexOf('.'));
        }

        public String label() {
            return lesson.id() + " " + lesson.title();
        }

        public Set<Allowance> allowances() {
            return Set.of(lesson.allows());
        }

        public List<TestMethod> graded() {
            return tests.stream().filter(TestMethod::graded).toList();
        }

        public TestMethod test(String method) {
            return tests.stream().filter(t -> t.method().equals(method)).findFirst().orElse(null);
        }
    }

    /**
     * One test method.
     *
     * @param method         its name
     * @param points         its {@code @Points}, 0 when it is not graded
     * @param timeoutSeconds its {@code @Timeout}
     * @param hint           its {@code @Hint}, or empty
     */
    public record TestMethod(String method, int points, long timeoutSeconds, String hint) {
        public boolean graded() {
            return points > 0;
        }

        /** What students read: the method's name with spaces (JUnit's ReplaceUnderscores, as configured). */
        public String displayName() {
            return method.replace('_', ' ');
        }
    }

    /**
     * A graded test class as the catalog file lists it.
     *
     * @param lesson        its lesson's id
     * @param title         its lesson's title
     * @param className     its full name
     * @param budgetSeconds how long the supervisor lets it run at most: {@link #budgetSeconds} of all its tests, with
     *                      the supervisor's default allowance
     * @param tests         its {@code @Test} methods, graded or not, in name order
     */
    public record Entry(String lesson, String title, String className, long budgetSeconds, List<Method> tests) {
        public Entry {
            tests = List.copyOf(tests);
        }

        public String packageName() {
            return className.substring(0, className.lastIndexOf('.'));
        }

        public String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        public String label() {
            return lesson + " " + title;
        }

        public List<Method> graded() {
            return tests.stream().filter(Method::graded).toList();
        }

        /**
         * One test method of the class.
         *
         * @param name           its name
         * @param points         its {@code @Points}, 0 when it is not graded
         * @param timeoutSeconds its {@code @Timeout}, as the supervisor counts it
         */
        public record Method(String name, int points, long timeoutSeconds) {
            public boolean graded() {
                return points > 0;
            }
        }
    }

    private LessonCatalog() {
    }

    /** The {@code @Lesson} classes named {@code *Test} under {@code testClasses/scan}, in lesson order. */
    public static List<GradedClass> read(Path testClasses, String scan) {
        Path root = testClasses.resolve(scan);
        List<GradedClass> classes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return classes;
        }
        for (JavaClass type : new ClassFileImporter().importPath(root)) {
            if (type.getSimpleName().endsWith("Test") && type.isAnnotatedWith(Lesson.class)) {
                classes.add(graded(type));
            }
        }
        classes.sort(Comparator.comparing((GradedClass c) -> c.lesson().id()).thenComparing(GradedClass::className));
        return classes;
    }

    /** One class, read the same way (for the engine's own tests and tools). */
    public static GradedClass of(Class<?> type) {
        return graded(new ClassFileImporter().importClass(type));
    }

    static GradedClass graded(JavaClass type) {
        List<TestMethod> tests = new ArrayList<>();
        long setup = 0;
        for (JavaMethod method : type.getMethods()) {
            if (method.isAnnotatedWith(Test.class)) {
                int points = method.tryGetAnnotationOfType(Points.class).map(Points::value).orElse(0);
                String hint = method.tryGetAnnotationOfType(Hint.class).map(Hint::value).orElse("");
                tests.add(new TestMethod(method.getName(), points, timeoutSeconds(method), hint));
            } else if (method.isAnnotatedWith(BeforeAll.class) || method.isAnnotatedWith(AfterAll.class)) {
                setup += timeoutSeconds(method);
            }
        }
        for (JavaField field : type.getFields()) {
            // A pool started and closed for the class (kit.grader.api.PoolExtension) is set-up, as @BeforeAll is.
            if (field.getModifiers().contains(JavaModifier.STATIC) && field.getRawType().getName().equals(PoolExtension.class.getName())) {
                setup += PoolExtension.SETUP_SECONDS;
            }
        }
        tests.sort(Comparator.comparing(TestMethod::method));
        Set<String> used = new TreeSet<>();
        type.getDirectDependenciesFromSelf().forEach(d -> used.add(Policy.packageOf(Policy.baseTypeName(d.getTargetClass()))));
        used.removeIf(p -> !p.startsWith("lessons.") || p.equals(type.getPackageName()));
        return new GradedClass(type.getName(), type.getAnnotationOfType(Lesson.class), List.copyOf(tests), setup, Set.copyOf(used));
    }

    private static long timeoutSeconds(JavaMethod method) {
        return method.tryGetAnnotationOfType(Timeout.class).map(t -> Math.max(1, t.unit().toSeconds(t.value())))
                .orElse(DEFAULT_TIMEOUT_SECONDS);
    }

    /**
     * The sum of the timeouts of the selected tests (all when {@code methods} is empty) and of the class's setup and
     * teardown, plus an allowance for start-up: past it, the lesson's JVM hangs beyond any test's control.
     */
    public static long budgetSeconds(GradedClass type, List<String> methods, long allowance) {
        long tests = type.tests().stream().filter(t -> methods.isEmpty() || methods.contains(t.method()))
                .mapToLong(TestMethod::timeoutSeconds).sum();
        return tests + type.setupSeconds() + allowance;
    }

    /** A class's entry in the catalog file. */
    public static Entry entry(GradedClass type) {
        return new Entry(type.lesson().id(), type.lesson().title(), type.className(),
                budgetSeconds(type, List.of(), Supervisor.DEFAULT_ALLOWANCE),
                type.tests().stream().map(t -> new Entry.Method(t.method(), t.points(), t.timeoutSeconds())).toList());
    }

    static final String HEADER = """
            # The graded tests as kit.grader.run.LessonCatalog reads them from the compiled test classes: written by it,
            # never by hand. tools/ExportTemplate.java and tools/Regrade.java take the lessons from here, and the grader
            # the tests of a lesson whose test class did not compile. After changing a graded test, from the kit's root:
            #   %s
            # class<TAB>lesson id<TAB>title<TAB>test class<TAB>budget seconds (its tests' and setup's timeouts + %d s)
            # test<TAB>method<TAB>points (0: not graded)<TAB>timeout seconds (each test method of the class above)
            """.formatted(WRITE_COMMAND, Supervisor.DEFAULT_ALLOWANCE);

    /** The catalog file's text: a line per class, in the order given, each followed by a line per test method. */
    public static String format(List<Entry> entries) {
        StringBuilder text = new StringBuilder(HEADER);
        for (Entry entry : entries) {
            line(text, "class", entry.lesson(), entry.title(), entry.className(), Long.toString(entry.budgetSeconds()));
            for (Entry.Method test : entry.tests()) {
                line(text, "test", test.name(), Integer.toString(test.points()), Long.toString(test.timeoutSeconds()));
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String... fields) {
        for (String field : fields) {
            if (field.isBlank() || !field.equals(field.strip()) || field.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a catalog field must not be empty, start or end with a space, or "
                        + "hold a tab or a line break: '" + field + "' in " + List.of(fields));
            }
        }
        text.append(String.join("\t", fields)).append('\n');
    }

    /** Reads a catalog file's text back; a line it does not understand is an error that names the line. */
    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] type = null;
        List<Entry.Method> tests = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields[0].equals("class") && fields.length == 5) {
                    Long.parseLong(fields[4]);
                    if (type != null) {
                        entries.add(new Entry(type[1], type[2], type[3], Long.parseLong(type[4]), tests));
                    }
                    type = fields;
                    tests = new ArrayList<>();
                } else if (fields[0].equals("test") && fields.length == 4 && type != null) {
                    tests.add(new Entry.Method(fields[1], Integer.parseInt(fields[2]), Long.parseLong(fields[3])));
                } else {
                    throw new IllegalArgumentException(fields[0].equals("test") && type == null ? "a test before any class"
                            : "not class<TAB>id<TAB>title<TAB>test class<TAB>budget, nor test<TAB>method<TAB>points<TAB>timeout");
                }
            } catch (IllegalArgumentException bad) {   // NumberFormatException too
                throw new IllegalArgumentException("lesson catalog, line " + number + ": " + bad.getMessage() + ": " + line);
            }
        }
        if (type != null) {
            entries.add(new Entry(type[1], type[2], type[3], Long.parseLong(type[4]), tests));
        }
        return entries;
    }

    /** Reads a catalog file. */
    public static List<Entry> readFile(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** What the catalog file says of the graded test classes under {@code testClasses/lessons}. */
    public static String formatClasses(Path testClasses) {
        return format(read(testClasses, "lessons").stream().map(LessonCatalog::entry).toList());
    }

    /**
     * Compares the catalog file with the compiled graded test classes, or rewrites it from them.
     *
     * <pre>java kit.grader.run.LessonCatalog --test-classes DIR --catalog FILE [--write true]</pre>
     * When they disagree and {@code --write} is not true, the file is left as it is and the differences are printed: the
     * kit check (LessonCatalogTest) fails on them, the build does not (in a grading run the file is read only for a
     * lesson that did not compile).
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = SupervisorOptions.pairs(args);
        Path testClasses = Path.of(options.getOrDefault("test-classes", "target/test-classes"));
        Path file = Path.of(options.getOrDefault("catalog", FILE));
        String expected = formatClasses(testClasses);
        String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n") : null;
        if (expected.equals(actual)) {
            return;
        }
        if (Boolean.parseBoolean(options.getOrDefault("write", "false").strip())) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
            System.out.println("[grader] Wrote " + file + " from the compiled graded tests in " + testClasses
                    + (actual == null ? "" : ":\n" + differences(actual, expected)));
        } else {
            System.out.println("[grader] WARNING: " + file + (actual == null ? " is missing.\n"
                    : " disagrees with the compiled graded tests in " + testClasses + ":\n" + differences(actual, expected))
                    + "[grader] Rewrite it, from the kit's root, and commit it: " + WRITE_COMMAND);
        }
    }

    /** The lines only in the file (-) and only in what the classes say (+), comments left out, tests after their class. */
    static String differences(String file, String classes) {
        Set<String> was = lines(file);
        Set<String> is = lines(classes);
        StringBuilder out = new StringBuilder();
        was.stream().filter(l -> !is.contains(l)).forEach(l -> out.append("  - ").append(l).append('\n'));
        is.stream().filter(l -> !was.contains(l)).forEach(l -> out.append("  + ").append(l).append('\n'));
        return out.isEmpty() ? "  (the same lines, in another order or with other comments)\n" : out.toString();
    }

    private static Set<String> lines(String text) {
        Set<String> lines = new LinkedHashSet<>();
        String type = "";
        for (String line : text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            if (line.startsWith("class\t")) {
                type = line.split("\t", -1).length > 3 ? line.split("\t", -1)[3] : line;
                lines.add(line);
            } else {
                lines.add(type + ": " + line);
            }
        }
        return lines;
    }
}
