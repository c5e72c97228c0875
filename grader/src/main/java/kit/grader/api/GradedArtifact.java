package kit.grader.api;

/**
 * Which implementation of the lessons a graded run grades, as the build says it: {@code solutions} with
 * {@code -Psolutions}, {@code exercises} otherwise (the module passed to the supervisor as {@code --lessons-module},
 * {@code ../${kit.lessons.artifact}}). The supervisor sets {@value #PROPERTY} on the lesson's JVM command line, before
 * any lesson code runs; lesson code cannot change a system property (the policy refuses it), and a test that is
 * stricter against the reference solutions only makes a run stricter.
 */
public final class GradedArtifact {

    /** The lesson JVM's system property, named like the Maven property it comes from. */
    public static final String PROPERTY = "kit.lessons.artifact";

    /** The reference solutions' module. */
    public static final String SOLUTIONS = "solutions";

    private static final String NAME = System.getProperty(PROPERTY, "");

    private GradedArtifact() {
    }

    /** {@code solutions}, {@code exercises}, or empty outside a graded run (an IDE, the engine's own tests). */
    public static String name() {
        return NAME;
    }

    /**
     * Whether this run grades the reference solutions: the kit's own run, where a test may also check that the run
     * itself was able to catch a mistake.
     */
    public static boolean referenceSolutions() {
        return SOLUTIONS.equals(NAME);
    }
}
