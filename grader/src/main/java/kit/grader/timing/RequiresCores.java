package kit.grader.timing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that only means something on a machine with at least so many cores (a speedup test): on fewer, JUnit
 * skips it before it starts, so no student code runs and the grader reports it as skipped, not counted, with the
 * reason. Cores are counted by {@link Cores#available()} ({@code -Dkit.cores=N} overrides).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(RequiresCoresCondition.class)
public @interface RequiresCores {
    /** The fewest cores on which the test can show what it checks. */
    int value() default 2;
}
