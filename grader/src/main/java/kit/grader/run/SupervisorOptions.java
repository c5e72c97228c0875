package kit.grader.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The supervisor's command line ({@link Supervisor}), read once: every option is known, has a value and is of its
 * type, or the supervisor stops at once with a message naming the option (grader/pom.xml writes this command line;
 * an instructor may write one by hand).
 *
 * @param gradeDir      where the journal and the reports go
 * @param testClasses   the compiled graded tests
 * @param lessonsModule the module whose code is graded (exercises or solutions); absent in the engine's own tests
 * @param catalog       the lesson catalog, for the lessons whose tests did not compile ({@link LessonCatalog#FILE})
 * @param lesson        {@code -Dlesson}, blank for all
 * @param test          {@code -Dtest}, blank for all
 * @param cores         {@code -Dkit.cores}, blank for this machine's
 * @param swap          {@code FROM=TO}: a class path entry replaced (a planted fault's classes), blank for none
 * @param outputLimit   bytes of a lesson's output passed on
 * @param timeLimit     seconds a lesson's JVM may run, 0 for its own budget (its tests' timeouts plus the allowance)
 * @param allowance     seconds a lesson's JVM gets beyond its tests' timeouts
 * @param scan          the package the graded test classes are found in
 * @param contain       whether to run each lesson in a PID namespace where one can be made
 */
record SupervisorOptions(Path gradeDir, Path testClasses, Path lessonsModule, Path catalog, String lesson, String test,
                         String cores, String swap, long outputLimit, long timeLimit, long allowance, String scan,
                         boolean contain) {

    static final List<String> NAMES = List.of("grade-dir", "test-classes", "lessons-module", "catalog", "lesson", "test",
            "cores", "swap", "output-limit", "time-limit", "allowance", "scan", "contain");

    static SupervisorOptions parse(String[] args) {
        Map<String, String> options = pairs(args);
        for (String name : options.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; the supervisor takes --"
                        + String.join(", --", NAMES));
            }
        }
        String contain = options.getOrDefault("contain", "auto").strip();
        if (!contain.equals("auto") && !contain.equals("off")) {
            throw new IllegalArgumentException("--contain " + contain + ": auto or off");
        }
        return new SupervisorOptions(Path.of(require(options, "grade-dir")), Path.of(require(options, "test-classes")),
                options.containsKey("lessons-module") ? Path.of(options.get("lessons-module").strip()).toAbsolutePath().normalize() : null,
                options.containsKey("catalog") ? Path.of(options.get("catalog").strip()) : null,
                options.getOrDefault("lesson", "").strip(), options.getOrDefault("test", "").strip(),
                options.getOrDefault("cores", "").strip(), options.getOrDefault("swap", "").strip(),
                number(options, "output-limit", Supervisor.DEFAULT_OUTPUT_LIMIT), number(options, "time-limit", 0),
                number(options, "allowance", Supervisor.DEFAULT_ALLOWANCE), options.getOrDefault("scan", "lessons").strip(),
                contain.equals("auto"));
    }

    /**
     * {@code --name value} pairs, in order (the supervisor's and LessonCatalog's command lines). Maven passes an unset
     * property as one space, so values are taken as they are and stripped by whoever reads them.
     */
    static Map<String, String> pairs(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got '" + args[i] + "'");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " has no value");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value.strip();
    }

    private static long number(Map<String, String> options, String name, long otherwise) {
        String value = options.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " " + value + ": a whole number of "
                    + (name.equals("output-limit") ? "bytes" : "seconds") + ", 0 or more");
        }
    }
}
