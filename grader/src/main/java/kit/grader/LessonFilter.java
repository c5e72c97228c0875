package kit.grader;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.util.Locale;

/**
 * {@code ./mvnw test -Dlesson=01} grades one lesson: keeps the tests of the {@link Lesson} whose id (01 or 1),
 * title or package name (threads) matches, and drops the other lessons' tests. Registered through {@code ServiceLoader}.
 */
public final class LessonFilter implements PostDiscoveryFilter {

    public static final String LESSON = "lesson";

    private final String wanted = System.getProperty(LESSON, "").strip().toLowerCase(Locale.ROOT);

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (wanted.isEmpty()) {
            return FilterResult.included("all lessons");
        }
        Class<?> type = classOf(descriptor.getSource().orElse(null));
        if (type == null) {
            return FilterResult.included("not a test class");
        }
        Lesson lesson = GradingListener.lessonOf(type);
        if (lesson == null) {
            return FilterResult.included("not a graded lesson");
        }
        return FilterResult.includedIf(matches(wanted, lesson, type),
                () -> "lesson " + wanted, () -> "not lesson " + wanted);
    }

    /** Whether {@code -Dlesson=wanted} names this lesson: its id (01 or 1), its title, or its package (threads). */
    public static boolean matches(String wanted, Lesson lesson, Class<?> type) {
        return matches(wanted, lesson.id(), lesson.title(), type.getPackageName());
    }

    public static boolean matches(String wanted, String id, String title, String packageName) {
        wanted = wanted.strip().toLowerCase(Locale.ROOT);
        String lastSegment = packageName.substring(packageName.lastIndexOf('.') + 1);
        return wanted.equals(id)
                || wanted.equals(title.toLowerCase(Locale.ROOT))
                || wanted.equals(lastSegment)
                || (wanted.matches("\\d+") && id.matches("\\d+") && Integer.parseInt(wanted) == Integer.parseInt(id));
    }

    private static Class<?> classOf(TestSource source) {
        try {
            if (source instanceof ClassSource classSource) {
                return classSource.getJavaClass();
            }
            if (source instanceof MethodSource methodSource) {
                return methodSource.getJavaClass();
            }
        } catch (RuntimeException unloadable) {
            return null;
        }
        return null;
    }
}
