package kit.grader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Only lesson code counts: the student's sources may hold only {@code .java} files of the lessons' packages
 * ({@code src/main/java/lessons/<lesson>/}), and the graded artifact only their classes. Anything else (another
 * package, a {@code META-INF/services} file, a {@code junit-platform.properties}, any resource) could configure
 * JUnit, replace a library class or run code in the grader, and is refused before grading, by name.
 */
final class ArtifactCheck {

    /** What Maven itself puts in a jar beside the classes. */
    private static final String MAVEN_METADATA = "META-INF/maven/";

    private ArtifactCheck() {
    }

    /**
     * One file that is not lesson code.
     *
     * @param path   where it is, as the student sees it
     * @param lesson the lesson package it lies in ({@code lessons.threads}), or null when it lies outside them all
     */
    record Refusal(String path, String lesson) {
        String message() {
            return path + " is not lesson code: only .java files under src/main/java/lessons/<lesson>/ are graded. "
                    + "Remove it (or move it out of the project) and grade again" + (path.contains("/target/")
                    ? " with ./mvnw clean test (it is left from an earlier build)." : ".");
        }
    }

    /** Every file of {@code sources} ({@code exercises/src}) that is not a lesson's {@code .java} file. */
    static List<Refusal> sources(Path module, Set<String> lessonPackages) {
        Path sources = module.resolve("src");
        List<Refusal> refused = new ArrayList<>();
        if (!Files.isDirectory(sources)) {
            return refused;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = sources.relativize(file).toString().replace('\\', '/');
                String path = module.getFileName() + "/src/" + relative;
                String inJava = relative.startsWith("main/java/") ? relative.substring("main/java/".length()) : null;
                String lesson = inJava == null ? null : lessonOf(inJava, lessonPackages);
                if (lesson == null || !inJava.endsWith(".java")) {
                    refused.add(new Refusal(path, lesson));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sources, e);
        }
        return refused;
    }

    /** Every entry of the artifact (class folders and jars) that is not a class of a lesson's package. */
    static List<Refusal> classes(List<Path> artifact, Set<String> lessonPackages) {
        List<Refusal> refused = new ArrayList<>();
        for (Path entry : artifact) {
            // exercises/target/classes/..., as the student finds it; a jar or a folder elsewhere by its own name
            Path parent = entry.toAbsolutePath().normalize().getParent();
            String shown = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target")
                    && parent.getParent() != null && parent.getParent().getFileName() != null
                    ? parent.getParent().getFileName() + "/target/" + entry.getFileName() : entry.getFileName().toString();
            for (String name : entries(entry)) {
                if (name.endsWith("/") || name.equals("META-INF/MANIFEST.MF") || name.startsWith(MAVEN_METADATA)) {
                    continue;
                }
                String lesson = lessonOf(name, lessonPackages);
                if (lesson == null || !name.endsWith(".class")) {
                    refused.add(new Refusal(shown + "/" + name, lesson));
                }
            }
        }
        return refused;
    }

    /**
     * The lesson package a path ({@code lessons/threads/Threads.java}) lies in, or null. Any {@code lessons.<name>}
     * counts, also one whose graded tests did not compile (its lesson is then reported as not compiled); the policy
     * checks every such package.
     */
    static String lessonOf(String path, Set<String> lessonPackages) {
        String[] parts = path.split("/");
        return parts.length >= 3 && parts[0].equals("lessons") ? "lessons." + parts[1] : null;
    }

    private static List<String> entries(Path entry) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(Files::isRegularFile)
                            .forEach(f -> names.add(entry.relativize(f).toString().replace('\\', '/')));
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        names.add(e.nextElement().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the graded artifact " + entry, e);
        }
        names.sort(null);
        return names;
    }
}
