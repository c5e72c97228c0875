package kit.grader.jcstress;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a graded test: the jcstress test that judges it, and the racy test that must show its race in the same run.
 * The graded test class runs jcstress once over every test its methods name
 * ({@link Jcstress#testsNamedBy(Class)}), so the list of jcstress tests to run is never written down a second time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JudgedByJcstress {

    /** The jcstress test over the student's fix: no forbidden outcome may show. */
    Class<?> fix();

    /**
     * The given racy version's jcstress test, if one is in the run (a reader stuck on a plain flag costs 30 s, so the
     * spin tests have none): graded against the reference
     * solutions, a fix passes only if this one showed its race, since a run that cannot catch the racy version
     * proves nothing about the fix.
     */
    Class<?>[] racy() default {};
}
