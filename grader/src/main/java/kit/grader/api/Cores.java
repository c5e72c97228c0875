package kit.grader.api;

/**
 * How many cores a speedup test may count on. In a graded run the supervisor fixes the figure when the lesson's JVM
 * starts, before any lesson code runs ({@link #fix(int, String)}), from {@link Runtime#availableProcessors()} or
 * {@code ./mvnw test -Dkit.cores=1} (what a student on one core sees); nothing in the lesson's JVM can change it after.
 * Outside a graded run (the engine's own tests, an IDE) the system property {@value #PROPERTY} is read.
 */
public final class Cores {

    /** Overrides the cores the timing tests assume: a positive whole number. */
    public static final String PROPERTY = "kit.cores";

    private static volatile Integer fixed;
    private static volatile String fixedSource;

    private Cores() {
    }

    /**
     * Fixes the figure for the rest of this JVM. Called once by the lesson's runner, before any test class is loaded.
     *
     * @throws IllegalStateException if it was fixed before
     */
    public static synchronized void fix(int cores, String source) {
        if (fixed != null) {
            throw new IllegalStateException("the cores are fixed already, at " + fixed);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        fixedSource = source;
        fixed = cores;
    }

    /** The cores to assume. */
    public static int available() {
        Integer cores = fixed;
        return cores != null ? cores : parse(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /** Where the figure came from, for a report or a skip message. */
    public static String source() {
        if (fixed != null) {
            return fixedSource;
        }
        return fromProperty(System.getProperty(PROPERTY));
    }

    /** The figure a supervisor fixes for its lessons: {@code -Dkit.cores} when given, else what this JVM reports. */
    public static int forGrading(String property) {
        return parse(property, Runtime.getRuntime().availableProcessors());
    }

    /** Where {@link #forGrading(String)}'s figure comes from. */
    public static String fromProperty(String value) {
        return value == null || value.isBlank() ? "Runtime.availableProcessors()" : "-D" + PROPERTY + "=" + value.strip();
    }

    static int parse(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int cores = Integer.parseInt(value.strip());
            if (cores >= 1) {
                return cores;
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive whole number of cores, was '" + value + "'");
    }
}
