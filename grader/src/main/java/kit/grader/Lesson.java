package kit.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class as the graded tests of one lesson. The id ("01") orders the scoreboard and is what
 * {@code ./mvnw test -Dlesson=01} selects; the title is what students see.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Lesson {
    String id();

    String title();
}
