package kit.grader.timing;

/**
 * How many cores a speedup test may count on: {@link Runtime#availableProcessors()}, unless the system property
 * {@value #PROPERTY} says otherwise ({@code ./mvnw test -Dkit.cores=1} shows what a student on one core sees).
 */
public final class Cores {

    /** Overrides the cores the timing tests assume: a positive whole number. */
    public static final String PROPERTY = "kit.cores";

    private Cores() {
    }

    /** The cores to assume: the property {@value #PROPERTY} when set to a positive number, else what the JVM reports. */
    public static int available() {
        return parse(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /** Where the figure came from, for a report or a skip message. */
    public static String source() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank()
                ? "Runtime.availableProcessors()"
                : "-D" + PROPERTY + "=" + value.strip();
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
