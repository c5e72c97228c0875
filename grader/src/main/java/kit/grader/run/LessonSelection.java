package kit.grader.run;

import kit.grader.run.LessonFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which graded tests a run grades: the classes and methods {@code -Dlesson} ({@link LessonFilter}) and {@code -Dtest}
 * ({@link TestFilter}) select, among the compiled graded test classes and those of the lesson catalog that did not
 * compile; and, when they select nothing, a message that says why and what there is to select.
 */
final class LessonSelection {

    private LessonSelection() {
    }

    /** A lesson's test class, and the methods to run (all when empty). */
    record Selection(LessonCatalog.GradedClass type, List<String> methods) {
    }

    /**
     * A graded test class in the lesson catalog but not among the compiled classes: its lesson did not compile (the student's
     * exercise, or its tests against it). What the supervisor knows of it is read from the lesson catalog.
     *
     * @param graded its graded methods, with their points, in name order
     */
    record Uncompiled(String className, String id, String title, Map<String, Integer> graded) {
        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        String packageName() {
            return className.substring(0, className.lastIndexOf('.'));
        }

        String label() {
            return id + " " + title;
        }

        /** The same class with only these of its graded methods. */
        Uncompiled only(List<String> methods) {
            Map<String, Integer> kept = new LinkedHashMap<>(graded);
            kept.keySet().retainAll(methods);
            return new Uncompiled(className, id, title, kept);
        }
    }

    /**
     * The graded test classes the lesson catalog ({@link LessonCatalog#FILE}, written from the kit's compiled tests)
     * lists but that have no class file here: they did not compile. Without a readable catalog there are none, and the
     * console says so.
     */
    static List<Uncompiled> uncompiled(Path catalogFile, Path testClasses) {
        List<LessonCatalog.Entry> catalog;
        try {
            catalog = LessonCatalog.readFile(catalogFile);
        } catch (IOException | IllegalArgumentException unreadable) {
            System.out.println("[grader] " + (unreadable instanceof java.nio.file.NoSuchFileException ? "No lesson catalog at "
                    + catalogFile : "The lesson catalog " + catalogFile + " cannot be read (" + unreadable.getMessage() + ")")
                    + ": a lesson whose tests did not compile is left out of the grade, not counted as errors.");
            return List.of();
        }
        List<Uncompiled> uncompiled = new ArrayList<>();
        for (LessonCatalog.Entry type : catalog) {
            if (Files.exists(testClasses.resolve(type.className().replace('.', '/') + ".class"))) {
                continue;
            }
            Map<String, Integer> graded = new LinkedHashMap<>();
            type.graded().forEach(method -> graded.put(method.name(), method.points()));
            uncompiled.add(new Uncompiled(type.className(), type.lesson(), type.title(), graded));
        }
        return uncompiled;
    }

    /** The uncompiled classes (and their graded methods) that -Dlesson and -Dtest select, as {@link #select} does. */
    static List<Uncompiled> selectUncompiled(List<Uncompiled> uncompiled, String lesson, TestFilter filter) {
        List<Uncompiled> selected = new ArrayList<>();
        for (Uncompiled type : uncompiled) {
            if (!lesson.isBlank() && !LessonFilter.matches(lesson, type.id(), type.title(), type.packageName())) {
                continue;
            }
            filter.methodsOf(type.className(), List.copyOf(type.graded().keySet()))
                    .map(methods -> methods.isEmpty() ? type : type.only(methods))
                    .ifPresent(selected::add);
        }
        return selected;
    }

    /** The classes (and methods) that -Dlesson and -Dtest select ({@link TestFilter}). */
    static List<Selection> select(List<LessonCatalog.GradedClass> classes, String lesson, String test) {
        return select(classes, lesson, TestFilter.parse(test));
    }

    static List<Selection> select(List<LessonCatalog.GradedClass> classes, String lesson, TestFilter filter) {
        List<Selection> selections = new ArrayList<>();
        for (LessonCatalog.GradedClass type : classes) {
            if (!lesson.isBlank() && !LessonFilter.matches(lesson, type.lesson().id(), type.lesson().title(), type.packageName())) {
                continue;
            }
            List<String> testMethods = type.tests().stream().map(LessonCatalog.TestMethod::method).toList();
            filter.methodsOf(type.className(), testMethods).ifPresent(methods -> selections.add(new Selection(type, methods)));
        }
        return selections;
    }

    /** The forms of -Dtest, for a student whose pattern matched nothing. */
    static final String FORMS = "-Dtest takes what Surefire takes: Class, Class#method, Class#method*, Class#a+b, "
            + "pkg/Class, **/Class, %regex[class#method], several of them separated by commas, ! in front to leave one out.";

    /** A graded test class as the message about an empty selection names it, compiled or not. */
    private record Known(String className, String simpleName, String label, String packageName, List<String> graded) {
        static Known of(LessonCatalog.GradedClass type) {
            return new Known(type.className(), type.simpleName(), type.label(), type.packageName(),
                    type.graded().stream().map(LessonCatalog.TestMethod::method).toList());
        }

        static Known of(Uncompiled type) {
            return new Known(type.className(), type.simpleName(), type.label(), type.packageName(), List.copyOf(type.graded().keySet()));
        }

        String lessonName() {
            return packageName.substring(packageName.lastIndexOf('.') + 1);
        }
    }

    /**
     * Why -Dlesson and -Dtest select no graded test, if they select none: which of them matched nothing, and what
     * there is to select (the lessons, or the graded test classes with their lessons).
     */
    static Optional<String> nothingSelected(List<LessonCatalog.GradedClass> catalog, List<Uncompiled> uncompiled,
                                            String lesson, TestFilter filter, List<Selection> selections,
                                            List<Uncompiled> uncompiledSelected) {
        long graded = uncompiledSelected.stream().mapToLong(u -> u.graded().size()).sum();
        for (Selection selection : selections) {
            graded += selection.type().graded().stream()
                    .filter(t -> selection.methods().isEmpty() || selection.methods().contains(t.method())).count();
        }
        if (graded > 0) {
            return Optional.empty();
        }
        List<Known> known = Stream.concat(catalog.stream().map(Known::of), uncompiled.stream().map(Known::of)).toList();
        if (known.isEmpty()) {
            return Optional.of("No graded test class was found: nothing to grade. Look above for a compile error.");
        }
        Map<String, String> lessons = new TreeMap<>();
        Map<String, Set<String>> classesByLesson = new TreeMap<>();
        for (Known type : known) {
            lessons.putIfAbsent(type.label(), type.lessonName());
            classesByLesson.computeIfAbsent(type.label(), l -> new java.util.TreeSet<>()).add(type.simpleName());
        }
        Set<String> lessonsSelected = new LinkedHashSet<>(lessons.keySet());
        if (!lesson.isBlank()) {
            lessonsSelected.clear();
            catalog.stream().filter(t -> LessonFilter.matches(lesson, t.lesson().id(), t.lesson().title(), t.packageName()))
                    .forEach(t -> lessonsSelected.add(t.label()));
            uncompiled.stream().filter(t -> LessonFilter.matches(lesson, t.id(), t.title(), t.packageName()))
                    .forEach(t -> lessonsSelected.add(t.label()));
            if (lessonsSelected.isEmpty()) {
                return Optional.of("-Dlesson=" + lesson + " names no lesson: use a lesson's number (01 or 1) or its name "
                        + "(threads, global-lock). The lessons: " + lessons.entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")) + ".");
            }
        }
        StringBuilder why = new StringBuilder(filter.selectsAll() ? "There is no graded test"
                : "-Dtest=" + filter.pattern() + " matches no graded test");
        why.append(lesson.isBlank() ? " in any lesson." : " in lesson " + String.join(", ", lessonsSelected)
                + " (-Dlesson=" + lesson + ").");
        // Classes it names, but none of whose graded tests: a method's name mistyped, most likely.
        List<Known> named = known.stream().filter(t -> lessonsSelected.contains(t.label()) && filter.mayRun(t.className())).toList();
        if (!filter.selectsAll() && named.size() <= 2) {
            named.forEach(type -> why.append(' ').append(type.simpleName()).append(" matches, but none of its graded tests does: ")
                    .append(String.join(", ", type.graded())).append('.'));
        } else if (!filter.selectsAll()) {
            why.append(" It matches ").append(named.size()).append(" classes, but none of their graded tests.");
        }
        if (!lesson.isBlank()) {
            List<String> elsewhere = Stream.concat(
                    select(catalog, "", filter).stream().map(s -> Known.of(s.type())),
                    selectUncompiled(uncompiled, "", filter).stream().map(Known::of))
                    .filter(t -> !lessonsSelected.contains(t.label()))
                    .sorted(java.util.Comparator.comparing(Known::label).thenComparing(Known::simpleName))
                    .map(t -> t.simpleName() + " (lesson " + t.label() + ")").toList();
            if (elsewhere.size() > 3) {
                why.append(" Without -Dlesson it selects ").append(elsewhere.size()).append(" classes of other lessons.");
            } else if (!elsewhere.isEmpty()) {
                why.append(" Without -Dlesson it selects ").append(String.join(", ", elsewhere)).append('.');
            }
        }
        why.append(" The graded test classes: ").append(classesByLesson.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; ")));
        return Optional.of(why.append(". ").append(FORMS).toString());
    }
}
