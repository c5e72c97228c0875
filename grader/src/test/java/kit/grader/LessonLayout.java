package kit.grader;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a lesson is made of, read from a kit's files (sources, not compiled classes, so that a copy of the kit with a
 * piece removed can be checked too). A lesson is a package {@code lessons.<name>}; it needs all of:
 * <ul>
 *   <li>its reference solution, {@code solutions/src/main/java/lessons/<name>/};</li>
 *   <li>its stubs, {@code exercises/src/main/java/lessons/<name>/} (written by {@code java tools/GenerateStubs.java});</li>
 *   <li>its graded tests, {@code grader/src/test/java/lessons/<name>/}, a class with {@code @Lesson(id, title)};</li>
 *   <li>its page, {@code docs/lessons/<id>-<name>.md}, linked from the README's table of lessons, with the sections
 *       {@link #SECTIONS} for students (outside its instructor-only parts);</li>
 *   <li>one name: the page's {@code <name>} (global-lock) is the package without hyphens (globallock) and the graded
 *       test classes are named after it in CamelCase ({@code GlobalLockTest}, {@code GlobalLock...Test}), so that
 *       {@code -Dlesson=04}, {@code -Dlesson=global-lock} and {@code -Dlesson=globallock} are one lesson;</li>
 *   <li>at least one planted fault, {@code faults/<name>/<mistake>.properties}, that says it is about this lesson;</li>
 *   <li>an alternative solution, {@code alternatives/<name>/*.java};</li>
 *   <li>its own compiler executions, {@code <include>lessons/<name>/**</include>} in {@code exercises/pom.xml} and
 *       {@code <testInclude>lessons/<name>/**</testInclude>} in {@code grader/pom.xml} (each lesson compiles on its
 *       own, so that a compile error costs only that lesson).</li>
 * </ul>
 * Lessons are found in both directions: every package of the solutions, of the exercises and of the graded tests is
 * a lesson, and each must have every piece; and a page, fault folder, alternative folder or compiler execution that
 * belongs to no lesson is named too (a lesson renamed or removed only in part).
 */
final class LessonLayout {

    /** Folders of faults/ that hold planted attacks on the grader rather than the mistakes of one lesson. */
    static final Set<String> FAULT_FOLDERS_OF_NO_LESSON = Set.of("integrity");

    static final String SOLUTIONS = "solutions/src/main/java/lessons/";
    static final String EXERCISES = "exercises/src/main/java/lessons/";
    static final String GRADED = "grader/src/test/java/lessons/";
    static final String PAGES = "docs/lessons/";

    static final Pattern LESSON = Pattern.compile("@Lesson\\(\\s*id\\s*=\\s*\"([^\"]*)\"\\s*,\\s*title\\s*=\\s*\"([^\"]*)\"");
    static final Pattern INCLUDE = Pattern.compile("<include>lessons/(\\w+)/\\*\\*</include>");
    static final Pattern TEST_INCLUDE = Pattern.compile("<testInclude>lessons/(\\w+)/\\*\\*</testInclude>");
    static final Pattern PAGE = Pattern.compile("(\\d+)-[^/]*\\.md");
    /** The sections of a lesson page, in this order (docs/instructors.md, "Add a lesson"). */
    static final List<String> SECTIONS = List.of("The idea", "What you implement", "The experiment", "What to look for");

    /** A lesson as its graded test classes declare it. */
    record Declared(String id, String title) {
    }

    private final Path repo;
    private final List<String> problems = new ArrayList<>();
    /** Package name to the simple names of its graded test classes (those with @Lesson). */
    private final Map<String, List<String>> testClasses = new TreeMap<>();

    private LessonLayout(Path repo) {
        this.repo = repo;
    }

    /** Every missing piece of every lesson of the kit at {@code repo}, one line each naming the lesson; empty if none. */
    static List<String> problems(Path repo) throws IOException {
        LessonLayout layout = new LessonLayout(repo);
        layout.check();
        return List.copyOf(layout.problems);
    }

    /** The lessons of the kit at {@code repo} that have graded tests: package name to id and title. */
    static Map<String, Declared> declaredLessons(Path repo) throws IOException {
        return new LessonLayout(repo).declared();
    }

    private void check() throws IOException {
        Map<String, Declared> declared = declared();
        Set<String> solutions = packagesWithJava(SOLUTIONS);
        Set<String> exercises = packagesWithJava(EXERCISES);
        Set<String> lessons = new TreeSet<>(solutions);
        lessons.addAll(exercises);
        lessons.addAll(subfolders(GRADED));
        lessons.addAll(declared.keySet());

        Map<String, List<String>> pagesById = pagesById();
        Set<String> compiled = matches(INCLUDE, "exercises/pom.xml");
        Set<String> testCompiled = matches(TEST_INCLUDE, "grader/pom.xml");
        String readme = Files.isRegularFile(repo.resolve("README.md")) ? Files.readString(repo.resolve("README.md")) : "";
        Map<String, String> packageById = new TreeMap<>();

        for (String lesson : lessons) {
            Declared declaration = declared.get(lesson);
            String name = declaration == null ? "lesson package lessons." + lesson : "lesson " + declaration.id() + " (" + lesson + ")";
            if (!solutions.contains(lesson)) {
                problems.add(name + ": no solution package, " + SOLUTIONS + lesson + "/ holds no .java file");
            }
            if (!exercises.contains(lesson)) {
                problems.add(name + ": no exercise package, " + EXERCISES + lesson + "/ holds no .java file "
                        + "(java tools/GenerateStubs.java writes it from the solution)");
            }
            if (declaration == null) {
                problems.add(name + ": no graded test class, no class in " + GRADED + lesson + "/ has @Lesson(id = \"NN\", "
                        + "title = \"...\"), so neither its page nor its grade can be found");
            } else {
                String other = packageById.putIfAbsent(declaration.id(), lesson);
                if (other != null) {
                    problems.add(name + ": lesson id " + declaration.id() + " is also lesson package lessons." + other + "'s");
                }
                List<String> pages = pagesById.getOrDefault(declaration.id(), List.of());
                if (pages.isEmpty()) {
                    problems.add(name + ": no page, " + PAGES + " has no " + declaration.id() + "-<name>.md");
                } else if (pages.size() > 1) {
                    problems.add(name + ": two pages or more in " + PAGES + ": " + pages);
                } else {
                    if (!readme.contains(PAGES + pages.get(0))) {
                        problems.add(name + ": README.md's table of lessons does not link its page " + PAGES + pages.get(0));
                    }
                    checkSections(name, PAGES + pages.get(0));
                    checkName(name, lesson, pages.get(0));
                }
            }
            checkFaults(name, lesson, declaration);
            if (javaFiles("alternatives/" + lesson + "/").isEmpty()) {
                problems.add(name + ": no alternative solution, alternatives/" + lesson + "/ holds no .java file");
            }
            if (!compiled.contains(lesson)) {
                problems.add(name + ": no compiler execution in exercises/pom.xml with <include>lessons/" + lesson
                        + "/**</include> (each lesson compiles on its own)");
            }
            if (!testCompiled.contains(lesson)) {
                problems.add(name + ": no test compiler execution in grader/pom.xml with <testInclude>lessons/" + lesson
                        + "/**</testInclude> (each lesson's tests compile on their own)");
            }
        }

        // The other direction: pieces that belong to no lesson (a lesson renamed or removed in part).
        for (Map.Entry<String, List<String>> pages : pagesById.entrySet()) {
            if (!packageById.containsKey(pages.getKey())) {
                pages.getValue().forEach(page -> problems.add(PAGES + page + ": no graded test class has @Lesson(id = \""
                        + pages.getKey() + "\")"));
            }
        }
        for (String folder : subfolders("faults/")) {
            if (!lessons.contains(folder) && !FAULT_FOLDERS_OF_NO_LESSON.contains(folder)) {
                problems.add("faults/" + folder + "/: lessons." + folder + " is no lesson package");
            }
        }
        for (String folder : subfolders("alternatives/")) {
            if (!lessons.contains(folder)) {
                problems.add("alternatives/" + folder + "/: lessons." + folder + " is no lesson package");
            }
        }
        for (String lesson : compiled) {
            if (!lessons.contains(lesson)) {
                problems.add("exercises/pom.xml compiles lessons/" + lesson + "/**, which is no lesson package");
            }
        }
        for (String lesson : testCompiled) {
            if (!lessons.contains(lesson)) {
                problems.add("grader/pom.xml compiles lessons/" + lesson + "/**, which is no lesson package");
            }
        }
    }

    /** The page, the package and the graded test classes say one name (docs/lessons/04-global-lock.md, globallock, GlobalLockTest). */
    private void checkName(String name, String lesson, String page) {
        String pageName = page.replaceFirst("^\\d+-", "").replaceFirst("\\.md$", "");
        if (!pageName.replace("-", "").equals(lesson)) {
            problems.add(name + ": its page " + PAGES + page + " says '" + pageName + "', its package lessons." + lesson
                    + ": one name, please (the package is the page's name without hyphens)");
            return;
        }
        StringBuilder camel = new StringBuilder();
        for (String word : pageName.split("-")) {
            camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        for (String testClass : testClasses.getOrDefault(lesson, List.of())) {
            if (!testClass.startsWith(camel.toString()) || !testClass.endsWith("Test")) {
                problems.add(name + ": its graded test class " + testClass + " is not named after the lesson ("
                        + camel + "Test or " + camel + "...Test, from " + PAGES + page + ")");
            }
        }
    }

    /** A page's student part (what the template keeps) has the four sections, in order. */
    private void checkSections(String name, String page) throws IOException {
        String text = Files.readString(repo.resolve(page), StandardCharsets.UTF_8)
                .replaceAll("(?s)<!-- instructor-only\\b.*?<!-- /instructor-only -->", "");
        int at = 0;
        for (String section : SECTIONS) {
            Matcher m = Pattern.compile("(?m)^## " + Pattern.quote(section) + "$").matcher(text);
            if (!m.find(at)) {
                problems.add(name + ": " + page + " has no section '## " + section + "'" + (m.find() ? " after '## "
                        + SECTIONS.get(SECTIONS.indexOf(section) - 1) + "'" : "") + " for students");
                return;
            }
            at = m.end();
        }
    }

    private void checkFaults(String name, String lesson, Declared declaration) throws IOException {
        Path folder = repo.resolve("faults").resolve(lesson);
        List<Path> faults = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.toString().endsWith(".properties")).sorted().forEach(faults::add);
            }
        }
        if (faults.isEmpty()) {
            problems.add(name + ": no planted fault, faults/" + lesson + "/ holds no <mistake>.properties");
            return;
        }
        if (declaration == null) {
            return;
        }
        for (Path fault : faults) {
            Properties spec = new Properties();
            try (Reader in = Files.newBufferedReader(fault, StandardCharsets.UTF_8)) {
                spec.load(in);
            }
            if (!declaration.id().equals(spec.getProperty("lesson"))) {
                problems.add(name + ": " + repo.relativize(fault).toString().replace('\\', '/') + " says lesson="
                        + spec.getProperty("lesson") + ", not " + declaration.id());
            }
        }
    }

    /** Package name to @Lesson, from the graded test sources; a package whose classes disagree on the id is noted. */
    private Map<String, Declared> declared() throws IOException {
        Map<String, Declared> declared = new TreeMap<>();
        for (String lesson : subfolders(GRADED)) {
            for (Path source : javaFiles(GRADED + lesson + "/")) {
                Matcher m = LESSON.matcher(Files.readString(source, StandardCharsets.UTF_8));
                if (!m.find()) {
                    continue;
                }
                Declared here = new Declared(m.group(1), m.group(2));
                testClasses.computeIfAbsent(lesson, l -> new ArrayList<>())
                        .add(source.getFileName().toString().replaceFirst("\\.java$", ""));
                Declared before = declared.putIfAbsent(lesson, here);
                if (before != null && !before.id().equals(here.id())) {
                    problems.add("lesson package lessons." + lesson + ": its graded test classes say lesson " + before.id()
                            + " and lesson " + here.id());
                }
            }
        }
        return declared;
    }

    private Map<String, List<String>> pagesById() throws IOException {
        Map<String, List<String>> pages = new TreeMap<>();
        Path folder = repo.resolve(PAGES);
        if (!Files.isDirectory(folder)) {
            return pages;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path page : files.filter(Files::isRegularFile).sorted().toList()) {
                Matcher m = PAGE.matcher(page.getFileName().toString());
                if (m.matches()) {
                    pages.computeIfAbsent(m.group(1), id -> new ArrayList<>()).add(page.getFileName().toString());
                }
            }
        }
        return pages;
    }

    private Set<String> matches(Pattern pattern, String file) throws IOException {
        Set<String> found = new TreeSet<>();
        Path path = repo.resolve(file);
        if (Files.isRegularFile(path)) {
            for (Matcher m = pattern.matcher(Files.readString(path, StandardCharsets.UTF_8)); m.find(); ) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private Set<String> packagesWithJava(String root) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String folder : subfolders(root)) {
            if (!javaFiles(root + folder + "/").isEmpty()) {
                packages.add(folder);
            }
        }
        return packages;
    }

    private Set<String> subfolders(String root) throws IOException {
        Set<String> names = new TreeSet<>();
        Path folder = repo.resolve(root);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                entries.filter(Files::isDirectory).forEach(dir -> names.add(dir.getFileName().toString()));
            }
        }
        return names;
    }

    /** The .java files directly in a folder (a lesson package's own classes). */
    private List<Path> javaFiles(String folder) throws IOException {
        Path path = repo.resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
