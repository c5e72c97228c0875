package kit.grader.run;

import org.apache.maven.surefire.api.testset.TestListResolver;

import java.util.List;
import java.util.Optional;

/**
 * {@code -Dtest}, read by Surefire's own resolver ({@link TestListResolver}), so that it means here what it means to
 * {@code mvn test} anywhere else: comma-separated patterns, {@code Class}, {@code Class#method},
 * {@code Class#method*}, {@code Class#a+b}, {@code pkg/Class}, {@code **}{@code /Class}, {@code lessons.pkg.Class},
 * {@code ?} and {@code *} as wildcards, {@code %regex[class#method]}, and {@code !} in front to leave out what a
 * pattern matches ({@code -Dtest='!RacesJcstressTest'}); with only such patterns, everything else runs. Classes are
 * asked about as Surefire's scanner asks (their class file, no method) and methods as its JUnit Platform provider
 * asks ({@code TestMethodFilter}: the class file and the method's name).
 */
final class TestFilter {

    private final String pattern;
    private final TestListResolver resolver;

    private TestFilter(String pattern, TestListResolver resolver) {
        this.pattern = pattern;
        this.resolver = resolver;
    }

    /**
     * Reads {@code -Dtest}; a pattern Surefire refuses (a broken {@code %regex[]}) is refused here, with Surefire's
     * reason, rather than at the first class it is matched against.
     *
     * @throws IllegalArgumentException for a pattern Surefire does not accept
     */
    static TestFilter parse(String test) {
        String pattern = test == null ? "" : test.strip();
        TestListResolver resolver = new TestListResolver(pattern);
        // Surefire compiles a class regex when it first matches a class, and stops at the first pattern that matches:
        // each pattern alone, matched once against a class and a method, is checked whole.
        for (String part : pattern.split(",")) {
            new TestListResolver(part).shouldRun("kit/Probe.class", "probe");
        }
        return new TestFilter(pattern, resolver);
    }

    /** -Dtest as given (stripped); empty when everything runs. */
    String pattern() {
        return pattern;
    }

    /** Whether -Dtest was empty: everything runs. */
    boolean selectsAll() {
        return resolver.isEmpty();
    }

    /**
     * Whether anything of a class (by its full name) may run: the question Surefire's scanner asks of a class file,
     * and the only one for a class that did not compile.
     */
    boolean mayRun(String className) {
        return resolver.shouldRun(TestListResolver.toClassFileName(className), null);
    }

    /** Whether this method of the class (by its full name) runs. */
    boolean runs(String className, String method) {
        return resolver.shouldRun(TestListResolver.toClassFileName(className), method);
    }

    /**
     * The methods of a class (by its full name) to run: empty if none, an empty list for the whole class (every one of
     * {@code testMethods}, its test methods), or else the methods' names, in the order of {@code testMethods}.
     */
    Optional<List<String>> methodsOf(String className, List<String> testMethods) {
        if (selectsAll()) {
            return Optional.of(List.of());
        }
        if (!mayRun(className)) {
            return Optional.empty();
        }
        List<String> methods = testMethods.stream().filter(method -> runs(className, method)).distinct().toList();
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(methods.size() == testMethods.stream().distinct().count() ? List.of() : methods);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
