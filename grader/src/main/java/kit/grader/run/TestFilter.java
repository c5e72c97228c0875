package kit.grader.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code -Dtest} as surefire reads it, parsed once: comma-separated {@code Class} or {@code Class#method} patterns,
 * {@code *} as a wildcard, a class named by its simple or its full name. A pattern that starts with {@code !} leaves
 * out what it matches ({@code -Dtest='!RacesJcstressTest'}); with only such patterns, everything else runs.
 */
record TestFilter(List<Part> includes, List<Part> excludes) {

    /** One pattern: a class glob and, for {@code Class#method}, the method's name (null for the whole class). */
    record Part(Pattern classGlob, String method) {
        boolean matches(String simpleName, String name) {
            return classGlob.matcher(simpleName).matches() || classGlob.matcher(name).matches();
        }

        boolean wholeClass() {
            return method == null;
        }
    }

    static TestFilter parse(String test) {
        List<Part> includes = new ArrayList<>();
        List<Part> excludes = new ArrayList<>();
        for (String pattern : test.split(",")) {
            pattern = pattern.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exclude = pattern.startsWith("!");
            String[] parts = (exclude ? pattern.substring(1).strip() : pattern).split("#", 2);
            (exclude ? excludes : includes).add(new Part(glob(parts[0]), parts.length == 2 ? parts[1] : null));
        }
        return new TestFilter(List.copyOf(includes), List.copyOf(excludes));
    }

    /**
     * The methods of a class (by its simple and its full name) to run: empty if none, an empty list for the whole class, or else the methods'
     * names. {@code testMethods} are the class's test methods, needed when some of them are left out.
     */
    Optional<List<String>> methodsOf(String simpleName, String name, List<String> testMethods) {
        boolean wholeClass = includes.isEmpty();
        List<String> methods = new ArrayList<>();
        for (Part part : includes) {
            if (part.matches(simpleName, name)) {
                if (part.wholeClass()) {
                    wholeClass = true;
                } else {
                    methods.add(part.method());
                }
            }
        }
        List<String> leftOut = new ArrayList<>();
        for (Part part : excludes) {
            if (part.matches(simpleName, name)) {
                if (part.wholeClass()) {
                    return Optional.empty();
                }
                leftOut.add(part.method());
            }
        }
        if (wholeClass && leftOut.isEmpty()) {
            return Optional.of(List.of());
        }
        if (wholeClass) {
            testMethods.stream().sorted().forEach(methods::add);
        }
        methods.removeAll(leftOut);
        return methods.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(new LinkedHashSet<>(methods)));
    }

    /**
     * Whether anything of a class (by its simple and its full name) may run: for a class that did not compile, which
     * cannot be loaded to ask for its methods.
     */
    boolean mayRun(String simpleName, String name) {
        boolean leftOut = excludes.stream().anyMatch(p -> p.wholeClass() && p.matches(simpleName, name));
        return !leftOut && (includes.isEmpty() || includes.stream().anyMatch(p -> p.matches(simpleName, name)));
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
