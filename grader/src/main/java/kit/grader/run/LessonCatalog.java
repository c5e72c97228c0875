package kit.grader.run;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import kit.grader.Allowance;
import kit.grader.Hint;
import kit.grader.Lesson;
import kit.grader.Points;
import kit.grader.policy.Policy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The graded test classes as the supervisor knows them, read from their class files (by ArchUnit) without loading
 * them: lesson, points, timeouts and hints come from here, never from what a lesson's JVM says about itself.
 */
public final class LessonCatalog {

    /** JUnit's default timeout for a test without {@code @Timeout} (junit-platform.properties says the same). */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    /**
     * One graded test class.
     *
     * @param className    its full name
     * @param lesson       its {@code @Lesson}
     * @param tests        its {@code @Test} methods, graded or not, in name order
     * @param setupSeconds the timeouts of its {@code @BeforeAll} and {@code @AfterAll} methods, added up
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
}
