package kit.grader.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class as the graded tests of one lesson. The id ("01") orders the scoreboard and is what
 * {@code ./mvnw test -Dlesson=01} selects; the title is what students see. The lesson's code (its package under
 * {@code lessons}) is checked by the grader's policy before it runs; {@link #allows()} lists what it may do beyond
 * what every lesson may.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Lesson {
    String id();

    String title();

    /** What this lesson's code may do that the policy forbids by default. */
    Allowance[] allows() default {};
}
