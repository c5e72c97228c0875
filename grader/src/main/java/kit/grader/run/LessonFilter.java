package kit.grader.run;

import java.util.Locale;

/**
 * {@code ./mvnw test -Dlesson=01} grades one lesson: a lesson is named by its id (01 or 1), its title, its package
 * name (globallock) or its page's name (global-lock, from docs/lessons/04-global-lock.md: the package is that name
 * without its hyphens). The supervisor selects the lessons with it before any JVM starts.
 */
public final class LessonFilter {

    private LessonFilter() {
    }

    /** Whether {@code -Dlesson=wanted} names this lesson: its id (01 or 1), its title, its package or its page's name. */
    public static boolean matches(String wanted, String id, String title, String packageName) {
        wanted = wanted.strip().toLowerCase(Locale.ROOT);
        String lastSegment = packageName.substring(packageName.lastIndexOf('.') + 1);
        return wanted.equals(id)
                || wanted.equals(title.toLowerCase(Locale.ROOT))
                || wanted.equals(lastSegment)
                || wanted.replace("-", "").equals(lastSegment)
                || (wanted.matches("\\d+") && id.matches("\\d+") && Integer.parseInt(wanted) == Integer.parseInt(id));
    }
}
