import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the student stubs in {@code exercises/} from the reference solutions in {@code solutions/}.
 *
 * <p>Run from the repository root (a JDK 17+ is all it needs):
 * <pre>
 *   java tools/GenerateStubs.java            # rewrite exercises/src from solutions/src
 *   java tools/GenerateStubs.java --check    # exit 1, naming each stale file, if exercises/ is out of date
 * </pre>
 * Options {@code --solutions DIR} and {@code --exercises DIR} point at other module folders (used by the kit's tests).
 *
 * <p>Markers, inside a solution file:
 * <pre>
 *     // BEGIN SOLUTION what the student has to implement
 *     ... reference code ...
 *     // STUB: return 0;          (optional, any number: the stub's code, marker stripped)
 *     // END SOLUTION
 * </pre>
 * In the stub the whole region becomes the STUB lines, or, when there are none,
 * {@code throw new UnsupportedOperationException("TODO: what the student has to implement");}
 * at the BEGIN line's indentation. Everything outside regions is copied unchanged, so stubs keep
 * the solution's formatting, comments and signatures. Files without markers are copied as they are.
 */
public final class GenerateStubs {

    static final String BEGIN = "// BEGIN SOLUTION";
    static final String STUB = "// STUB:";
    static final String END = "// END SOLUTION";

    public static void main(String[] args) throws IOException {
        Path solutions = Path.of("solutions");
        Path exercises = Path.of("exercises");
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--check" -> check = true;
                case "--solutions" -> solutions = Path.of(requireValue(args, ++i));
                case "--exercises" -> exercises = Path.of(requireValue(args, ++i));
                default -> fail("unknown argument '" + args[i] + "'. Usage: java tools/GenerateStubs.java [--check] [--solutions DIR] [--exercises DIR]");
            }
        }
        Path from = solutions.resolve("src");
        Path to = exercises.resolve("src");
        if (!Files.isDirectory(from)) {
            fail("no folder " + from + ": run this from the repository root, or pass --solutions DIR");
        }

        Map<Path, String> wanted = new TreeMap<>();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path relative = from.relativize(file);
                String text = Files.readString(file, StandardCharsets.UTF_8);
                wanted.put(relative, file.toString().endsWith(".java") ? stubOf(text, file.toString()) : text);
            }
        }

        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> entry : wanted.entrySet()) {
            Path target = to.resolve(entry.getKey());
            boolean upToDate = Files.isRegularFile(target)
                    && Files.readString(target, StandardCharsets.UTF_8).equals(entry.getValue());
            if (upToDate) {
                continue;
            }
            stale.add(target + (Files.exists(target) ? " differs from the stub of " : " is missing, the stub of ")
                    + from.resolve(entry.getKey()));
            if (!check) {
                Files.createDirectories(target.getParent());
                Files.writeString(target, entry.getValue(), StandardCharsets.UTF_8);
            }
        }
        if (Files.isDirectory(to)) {
            try (Stream<Path> files = Files.walk(to)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    if (!wanted.containsKey(to.relativize(file))) {
                        stale.add(file + " has no solution in " + from);
                        if (!check) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }

        if (check && !stale.isEmpty()) {
            System.err.println("exercises/ is out of date with solutions/ (" + stale.size() + " file(s)):");
            stale.forEach(line -> System.err.println("  " + line));
            System.err.println("Regenerate the stubs with: java tools/GenerateStubs.java");
            System.exit(1);
        }
        System.out.println(check
                ? "Stubs are in sync with solutions (" + wanted.size() + " files)."
                : "Wrote " + stale.size() + " change(s) to " + to + " (" + wanted.size() + " files in sync).");
    }

    /** The student's version of one solution file. */
    static String stubOf(String solution, String fileName) {
        String newline = solution.contains("\r\n") ? "\r\n" : "\n";
        String[] lines = solution.split("\r?\n", -1);
        StringBuilder out = new StringBuilder();
        int regionStart = -1;
        String indent = "";
        String todo = "";
        List<String> stubLines = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith(BEGIN)) {
                if (regionStart >= 0) {
                    fail(fileName + ":" + (i + 1) + ": BEGIN SOLUTION inside the region opened at line " + regionStart);
                }
                regionStart = i + 1;
                indent = line.substring(0, line.indexOf(BEGIN));
                todo = trimmed.substring(BEGIN.length()).strip();
                stubLines.clear();
            } else if (trimmed.startsWith(END)) {
                if (regionStart < 0) {
                    fail(fileName + ":" + (i + 1) + ": END SOLUTION without a BEGIN SOLUTION");
                }
                if (stubLines.isEmpty()) {
                    String what = todo.isEmpty() ? "implement this" : todo;
                    stubLines.add(indent + "throw new UnsupportedOperationException(\"TODO: "
                            + what.replace("\\", "\\\\").replace("\"", "\\\"") + "\");");
                }
                stubLines.forEach(stub -> out.append(stub).append(newline));
                regionStart = -1;
            } else if (regionStart >= 0) {
                if (trimmed.startsWith(STUB)) {
                    String code = trimmed.substring(STUB.length());
                    code = code.startsWith(" ") ? code.substring(1) : code;
                    stubLines.add(code.isBlank() ? "" : line.substring(0, line.indexOf(STUB)) + code);
                }
            } else {
                out.append(line);
                if (i < lines.length - 1) {
                    out.append(newline);
                }
            }
        }
        if (regionStart >= 0) {
            fail(fileName + ":" + regionStart + ": BEGIN SOLUTION is never closed by END SOLUTION");
        }
        return out.toString();
    }

    private static String requireValue(String[] args, int i) {
        if (i >= args.length) {
            fail("option " + args[i - 1] + " needs a folder");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("GenerateStubs: " + message);
        System.exit(2);
    }

    private GenerateStubs() {
    }
}
