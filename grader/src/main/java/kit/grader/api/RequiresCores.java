package kit.grader.api;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that only means something on a machine with at least so many cores (a speedup test): on fewer, JUnit
 * skips it before it starts, so no student code runs and the grader reports it as skipped, with the reason, at 0
 * points and its points kept in the maximum. Cores are counted by {@link Cores#available()}, fixed by the
 * supervisor ({@code ./mvnw test -Dkit.cores=N} chooses them).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(RequiresCoresCondition.class)
public @interface RequiresCores {
    /** The fewest cores on which the test can show what it checks. */
    int value() default 2;
}
