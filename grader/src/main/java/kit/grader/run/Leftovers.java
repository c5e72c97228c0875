package kit.grader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Files a lesson leaves behind: found by comparing a folder before and after, then removed and named. */
final class Leftovers {

    /** Files every JVM makes and removes itself (performance data); not the student's doing. */
    static boolean jvmOwn(String name) {
        return name.startsWith("hsperfdata_") || name.startsWith(".java_pid");
    }

    private Leftovers() {
    }

    /** Removes everything inside {@code folder} and the folder itself; returns the names of what was inside. */
    static List<String> removeAll(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return new ArrayList<>();
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(folder)) {
            names = entries.map(p -> p.getFileName().toString()).filter(n -> !jvmOwn(n)).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        delete(folder);
        return names;
    }

    /** The entries of some folders now, to find what is new after a lesson (where no namespace keeps it apart). */
    record Snapshot(Map<Path, Set<String>> entries, FileTime taken) {

        /**
         * Removes what appeared in the folders since the snapshot and was last changed after it (so nothing that
         * existed before is touched), and returns their paths.
         */
        List<String> removeNew() throws IOException {
            List<String> removed = new ArrayList<>();
            for (Map.Entry<Path, Set<String>> folder : entries.entrySet()) {
                for (String name : names(folder.getKey())) {
                    Path path = folder.getKey().resolve(name);
                    if (!folder.getValue().contains(name) && !jvmOwn(name) && !name.startsWith("grade-")
                            && Files.getLastModifiedTime(path).compareTo(taken) >= 0) {
                        delete(path);
                        removed.add(path.toString());
                    }
                }
            }
            return removed;
        }
    }

    static Snapshot snapshot(List<Path> folders) throws IOException {
        Map<Path, Set<String>> entries = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                entries.put(folder, Set.copyOf(names(folder)));
            }
        }
        return new Snapshot(entries, FileTime.fromMillis(System.currentTimeMillis() - 1000));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
