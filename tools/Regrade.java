import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Regrades a whole class: each student repository's lesson code against this kit's own tests, exactly as the
 * Gradescope autograder does (gradescope/run_autograder: only the lesson sources are taken, the kit's tests, poms and
 * grader are used), one repository after another, into a CSV gradebook.
 *
 * <pre>
 * java tools/Regrade.java STUDENT_REPOS_DIR --out gradebook.csv [--lesson ID] [--assignment PREFIX]
 *                         [--template TEMPLATE_CLONE] [--timeout-minutes N]
 * </pre>
 * STUDENT_REPOS_DIR holds one folder per student repository, as {@code gh classroom clone student-repos} lays them
 * out ({@code <assignment>-<login>}). A row per student: login, repository folder, total, max, the points of each
 * lesson, the status ({@code graded}, {@code did not build}, {@code no lesson code}, {@code timed out},
 * {@code error}), the files outside the lesson code that differ from the template (tests, poms, workflow: a student
 * controls their Classroom repository), and a detail on one line (why it was not graded, files ignored). Rows are written as each student finishes; run the same command
 * again after an interruption and the students already in the CSV are skipped. Run it from the kit's root; it needs
 * bash and python3 (as Gradescope's image has them) and a machine of 2 cores or more (the speedup tests).
 */
public final class Regrade {

    static final String LESSON_CODE = "exercises/src/main/java/lessons/";
    /** The lesson catalog (kit.grader.run.LessonCatalog writes it from the compiled graded tests; a kit check keeps it so). */
    static final String CATALOG = "grader/lesson-catalog.tsv";
    /** What rewrites it (kit.grader.run.LessonCatalog.WRITE_COMMAND). */
    static final String CATALOG_COMMAND = "./mvnw -q -Psolutions -pl grader -am process-test-classes -Dkit.catalog.write=true";
    /** The graded test sources, each of which the catalog must list. */
    static final String GRADED_TESTS = "grader/src/test/java/";
    static final int LISTED_PATHS = 12;

    /** A graded lesson as the kit's lesson catalog lists it. */
    record LessonColumn(String id, String title, String packageName, int points) {
        String header() {
            return id + " " + title;
        }
    }

    /** One student's row. */
    record Row(String login, String repo, int total, int max, Map<String, Integer> lessons, String status,
               List<String> differing, String detail) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    fail("option " + args[i] + " needs a value");
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        for (String option : options.keySet()) {
            if (!List.of("out", "lesson", "assignment", "template", "timeout-minutes").contains(option)) {
                fail("unknown option --" + option);
            }
        }
        if (positional.size() != 1 || !options.containsKey("out")) {
            fail("usage: java tools/Regrade.java STUDENT_REPOS_DIR --out gradebook.csv [--lesson ID] [--assignment PREFIX] "
                 + "[--template TEMPLATE_CLONE] [--timeout-minutes N]");
        }
        Path kit = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(kit.resolve("gradescope/run_autograder")) || !Files.isRegularFile(kit.resolve("tools/ExportTemplate.java"))) {
            fail("run this from the kit's repository root (where gradescope/run_autograder and tools/ExportTemplate.java are)");
        }
        Path students = Path.of(positional.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(students)) {
            fail("STUDENT_REPOS_DIR " + students + " is not a folder");
        }
        Path out = Path.of(options.get("out")).toAbsolutePath().normalize();
        if (!Files.isDirectory(out.getParent())) {
            fail("the folder of --out " + out + " does not exist");
        }
        long timeoutMinutes = 0;
        try {
            timeoutMinutes = Long.parseLong(options.getOrDefault("timeout-minutes", "100"));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (timeoutMinutes <= 0) {
            fail("--timeout-minutes must be a positive whole number, was '" + options.get("timeout-minutes") + "'");
        }
        List<LessonColumn> columns = lessonColumns(kit, options.get("lesson"));
        Path template = options.containsKey("template") ? Path.of(options.get("template")).toAbsolutePath() : null;
        if (template != null && !Files.isDirectory(template)) {
            fail("--template " + template + " is not a folder (give a clone of the student template repository)");
        }

        List<Path> repos;
        try (Stream<Path> entries = Files.list(students)) {
            repos = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        String assignment = options.getOrDefault("assignment", "");
        String prefix = options.containsKey("assignment") ? (assignment.endsWith("-") ? assignment : assignment + "-")
                : commonPrefix(repos.stream().map(p -> p.getFileName().toString()).toList());

        List<String> header = header(columns);
        TreeSet<String> done = alreadyGraded(out, header);
        Path work = Files.createTempDirectory("kit-regrade-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work)));
        try (BufferedWriter csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            if (Files.size(out) == 0) {
                csv.write(csvLine(header));
                csv.flush();
            }
            if (repos.stream().allMatch(repo -> done.contains(repo.getFileName().toString()))) {
                System.out.println("Every one of the " + repos.size() + " repositories in " + students + " is already in " + out);
                return;
            }
            Path source = prepare(kit, work, template == null);
            Map<String, String> baseline = fingerprints(template == null ? work.resolve("baseline") : template);
            String gradeArgs = options.containsKey("lesson") ? "-Dlesson=" + options.get("lesson").strip() : "";
            int index = 0;
            int graded = 0;
            for (Path repo : repos) {
                index++;
                String name = repo.getFileName().toString();
                String progress = "[" + index + "/" + repos.size() + "] " + name + ": ";
                if (done.contains(name)) {
                    System.out.println(progress + "already in " + out.getFileName() + ", skipped");
                    continue;
                }
                String login = name.startsWith(prefix) && name.length() > prefix.length() ? name.substring(prefix.length()) : name;
                Row row;
                try {
                    row = grade(kit, work, source, repo, login, columns, baseline, gradeArgs, timeoutMinutes);
                } catch (IOException | RuntimeException e) {
                    row = new Row(login, name, 0, maxOf(columns), Map.of(), "error", List.of(), e.toString());
                }
                csv.write(csvLine(values(row, columns)));
                csv.flush();
                graded++;
                System.out.println(progress + row.total() + "/" + row.max() + " (" + row.status() + ")"
                        + (row.differing().isEmpty() ? "" : ", " + row.differing().size() + " file(s) outside the lesson code differ from the template")
                        + (row.status().equals("graded") ? "" : ": " + firstLine(row.detail())));
            }
            System.out.println("Regraded " + graded + " of " + repos.size() + " student repositories into " + out);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * The grading folder: the kit's student template (exported from this kit) with run_autograder, Maven's cache warmed
     * by one build (run_autograder grades offline); beside it the untouched stubs and, unless the instructor gives the
     * template the students started from, the export as the baseline of what students should not change.
     */
    static Path prepare(Path kit, Path work, boolean keepBaseline) throws IOException, InterruptedException {
        Path source = work.resolve("autograder/source");
        Path log = work.resolve("prepare.log");
        System.out.println("Exporting the kit's student template and building it once (Maven's cache for offline grading) ...");
        if (exec(kit, List.of(java(), "tools/ExportTemplate.java", source.toString()), log, 5) != 0) {
            fail("tools/ExportTemplate.java failed:\n" + tail(log));
        }
        if (keepBaseline) {
            copyTree(source, work.resolve("baseline"));
        }
        copyTree(source.resolve("exercises/src"), work.resolve("stubs"));
        Files.copy(kit.resolve("gradescope/run_autograder"), source.resolve("run_autograder"), StandardCopyOption.COPY_ATTRIBUTES);
        if (exec(source, List.of("./mvnw", "-B", "-q", "test", "-DskipTests"), log, 20) != 0) {
            fail("the exported template does not build, so no student can be graded:\n" + tail(log));
        }
        return source;
    }

    /** One student: the lesson code graded by run_autograder, and the files outside it compared with the template. */
    static Row grade(Path kit, Path work, Path source, Path repo, String login, List<LessonColumn> columns,
                     Map<String, String> baseline, String gradeArgs, long timeoutMinutes) throws IOException, InterruptedException {
        String name = repo.getFileName().toString();
        List<String> differing = differences(baseline, fingerprints(repo));
        Path submission = work.resolve("autograder/submission");
        Path results = work.resolve("autograder/results");
        deleteQuietly(submission);
        deleteQuietly(results);
        deleteQuietly(source.resolve("exercises/src"));
        copyTree(work.resolve("stubs"), source.resolve("exercises/src"));
        copyTree(repo, submission);

        Path log = work.resolve("run_autograder.log");
        ProcessBuilder autograder = new ProcessBuilder("bash", "run_autograder").directory(source.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        autograder.environment().put("AUTOGRADER_ROOT", work.resolve("autograder").toString());
        autograder.environment().put("KIT_GRADE_ARGS", gradeArgs);
        int max = maxOf(columns);
        if (run(autograder, timeoutMinutes) == null) {
            return new Row(login, name, 0, max, Map.of(), "timed out", differing,
                    "run_autograder did not finish in " + timeoutMinutes + " min (--timeout-minutes); it was stopped");
        }
        Path resultsJson = results.resolve("results.json");
        if (!Files.isRegularFile(resultsJson)) {
            return new Row(login, name, 0, max, Map.of(), "error", differing, "run_autograder wrote no results.json:\n" + tail(log));
        }
        Map<String, Object> gradescope = Json.object(Files.readString(resultsJson));
        String output = String.valueOf(gradescope.getOrDefault("output", ""));
        int total = ((Number) gradescope.getOrDefault("score", 0)).intValue();
        Path gradeJson = source.resolve("grader/target/grade/grade.json");
        if (!gradescope.containsKey("tests") || !Files.isRegularFile(gradeJson)) {
            String status = output.startsWith("No lesson code found") ? "no lesson code" : "did not build";
            return new Row(login, name, total, max, Map.of(), status, differing, output);
        }
        Map<String, Integer> lessons = new TreeMap<>();
        for (Object lesson : (List<?>) Json.object(Files.readString(gradeJson)).get("lessons")) {
            Map<?, ?> entry = (Map<?, ?>) lesson;
            lessons.put((String) entry.get("id"), ((Number) entry.get("score")).intValue());
        }
        String notes = output.lines().filter(line -> line.startsWith("Ignored ")).reduce((a, b) -> a + "\n" + b).orElse("");
        return new Row(login, name, total, max, lessons, "graded", differing, notes);
    }

    /**
     * The graded lessons (ids, titles, points), from the kit's lesson catalog; one lesson with --lesson. The catalog
     * has a line "class, lesson id, title, test class, budget seconds" per graded test class, and after it a line
     * "test, method, points, timeout seconds" per test method (fields separated by tabs; # starts a comment). Fails,
     * naming the command that rewrites the catalog, when it is missing, malformed, or does not list exactly the
     * graded test sources.
     */
    static List<LessonColumn> lessonColumns(Path kit, String wanted) throws IOException {
        Path file = kit.resolve(CATALOG);
        if (!Files.isRegularFile(file)) {
            fail(CATALOG + " is missing: write it from the compiled graded tests with " + CATALOG_COMMAND);
        }
        Map<String, LessonColumn> byId = new TreeMap<>();
        TreeSet<String> listed = new TreeSet<>();
        String lesson = null;
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String[] fields = line.split("\t", -1);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            } else if (fields[0].equals("class") && fields.length == 5 && fields[4].matches("\\d+")) {
                String packageName = fields[3].substring(0, Math.max(0, fields[3].lastIndexOf('.')));
                LessonColumn column = new LessonColumn(fields[1], fields[2], packageName.substring(packageName.lastIndexOf('.') + 1), 0);
                byId.putIfAbsent(column.id(), column);
                listed.add(fields[3]);
                lesson = column.id();
            } else if (fields[0].equals("test") && fields.length == 4 && lesson != null
                       && fields[2].matches("\\d+") && fields[3].matches("\\d+")) {
                LessonColumn column = byId.get(lesson);
                byId.put(lesson, new LessonColumn(column.id(), column.title(), column.packageName(),
                        column.points() + Integer.parseInt(fields[2])));
            } else {
                fail(CATALOG + ", line " + number + ": not a class or test line of the lesson catalog (" + line
                     + "); write it again with " + CATALOG_COMMAND);
            }
        }
        TreeSet<String> sources = new TreeSet<>();
        Path tests = kit.resolve(GRADED_TESTS);
        if (Files.isDirectory(tests.resolve("lessons"))) {
            try (Stream<Path> files = Files.walk(tests.resolve("lessons"))) {
                files.filter(f -> f.getFileName().toString().endsWith("Test.java")).forEach(f -> sources.add(
                        tests.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", "").replace('/', '.')));
            }
        }
        if (!listed.equals(sources)) {
            fail(CATALOG + " is out of date: it lists " + listed + ", the graded test sources are " + sources
                 + ". Write it again from the compiled graded tests with " + CATALOG_COMMAND);
        }
        if (wanted == null) {
            return List.copyOf(byId.values());
        }
        String key = wanted.strip().toLowerCase(java.util.Locale.ROOT);
        List<LessonColumn> matching = byId.values().stream().filter(c -> key.equals(c.packageName())
                || key.equals(c.title().toLowerCase(java.util.Locale.ROOT))
                || (key.matches("\\d{1,3}") && Integer.parseInt(key) == Integer.parseInt(c.id()))).toList();
        if (matching.isEmpty()) {
            fail("--lesson " + wanted + " names no lesson; the lessons are " + byId.values().stream()
                    .map(c -> c.id() + " (" + c.packageName() + ")").toList());
        }
        return matching;
    }

    static List<String> header(List<LessonColumn> columns) {
        List<String> header = new ArrayList<>(List.of("login", "repository", "total", "max"));
        columns.forEach(c -> header.add(c.header() + " (" + c.points() + ")"));
        header.addAll(List.of("status", "changed outside the lesson code", "detail"));
        return header;
    }

    static List<String> values(Row row, List<LessonColumn> columns) {
        List<String> values = new ArrayList<>(List.of(row.login(), row.repo(), Integer.toString(row.total()), Integer.toString(row.max())));
        columns.forEach(c -> values.add(row.lessons().containsKey(c.id()) ? row.lessons().get(c.id()).toString() : ""));
        List<String> listed = row.differing().stream().limit(LISTED_PATHS).toList();
        String differing = String.join("; ", listed) + (row.differing().size() > LISTED_PATHS
                ? "; and " + (row.differing().size() - LISTED_PATHS) + " more" : "");
        values.addAll(List.of(row.status(), differing, row.detail().strip().replaceAll("\\s*\\R\\s*", " | ")));
        return values;
    }

    static int maxOf(List<LessonColumn> columns) {
        return columns.stream().mapToInt(LessonColumn::points).sum();
    }

    /** The repositories already in the gradebook (resuming), after checking that its columns are these. */
    static TreeSet<String> alreadyGraded(Path out, List<String> header) throws IOException {
        TreeSet<String> done = new TreeSet<>();
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            return done;
        }
        List<List<String>> rows = parseCsv(Files.readString(out, StandardCharsets.UTF_8));
        if (!rows.get(0).equals(header)) {
            fail(out + " has other columns than this regrade (" + rows.get(0) + " instead of " + header
                 + "): another --lesson? Give another --out, or delete it to start again.");
        }
        rows.stream().skip(1).filter(r -> r.size() > 1).forEach(r -> done.add(r.get(1)));
        return done;
    }

    /** Every file of a repository but its lesson code, git data and build output: relative path to content hash. */
    static Map<String, String> fingerprints(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith(".git/") || relative.equals(".git") || relative.startsWith(LESSON_CODE)
                        || relative.startsWith("target/") || relative.contains("/target/")) {
                    continue;
                }
                files.put(relative, sha256(file));
            }
        }
        return files;
    }

    /** The paths that differ: changed, added or removed, each saying which. */
    static List<String> differences(Map<String, String> template, Map<String, String> student) {
        List<String> differing = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(template.keySet());
        paths.addAll(student.keySet());
        for (String path : paths) {
            String expected = template.get(path);
            String actual = student.get(path);
            if (expected == null) {
                differing.add(path + " (added)");
            } else if (actual == null) {
                differing.add(path + " (removed)");
            } else if (!expected.equals(actual)) {
                differing.add(path + " (changed)");
            }
        }
        return differing;
    }

    /** The longest common prefix of the folder names that ends with '-' (the assignment's name), or "". */
    static String commonPrefix(List<String> names) {
        if (names.size() < 2) {
            return "";
        }
        String prefix = names.get(0);
        for (String name : names) {
            int i = 0;
            while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        return prefix.substring(0, prefix.lastIndexOf('-') + 1);
    }

    static String csvLine(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (String value : values) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append(value.matches("(?s).*[,\"\\r\\n].*") ? '"' + value.replace("\"", "\"\"") + '"' : value);
        }
        return line.append('\n').toString();
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Runs a process to its end and returns it, or stops it and everything it started after the limit and returns null.
     * Interrupted (Ctrl-C), the regrade stops it too: nothing keeps running.
     */
    static Process run(ProcessBuilder builder, long minutes) throws IOException, InterruptedException {
        Process process = builder.start();
        Thread stopOnExit = new Thread(() -> stop(process));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            if (process.waitFor(minutes, TimeUnit.MINUTES)) {
                return process;
            }
            stop(process);
            return null;
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int exec(Path dir, List<String> command, Path log, long minutes) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = run(builder, minutes);
        return process == null ? -1 : process.exitValue();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = from.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith(".git/") || relative.contains("/target/") || relative.startsWith("target/")) {
                    continue;
                }
                Path target = to.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("Regrade: could not delete " + dir + ": " + e.getMessage());
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    static void fail(String message) {
        System.err.println("Regrade: " + message);
        System.exit(2);
    }

    /** Just enough JSON for the grader's reports: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (!(value instanceof Map) || json.at != text.length()) {
                throw new IllegalArgumentException("not a JSON object: " + firstLine(text));
            }
            return (Map<String, Object>) value;
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                while (!next('}')) {
                    space();
                    String key = string();
                    expect(':');
                    object.put(key, value());
                    next(',');
                }
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                while (!next(']')) {
                    array.add(value());
                    next(',');
                }
                return array;
            }
            if (c == '"') {
                return string();
            }
            for (String literal : List.of("true", "false", "null")) {
                if (text.startsWith(literal, at)) {
                    at += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            Matcher number = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(text).region(at, text.length());
            if (!number.lookingAt()) {
                throw new IllegalArgumentException("bad JSON at " + at);
            }
            at = number.end();
            return number.group(1) == null && number.group(2) == null ? (Object) Long.parseLong(number.group()) : Double.parseDouble(number.group());
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (char c; (c = text.charAt(at++)) != '"'; ) {
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            return out.toString();
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean next(char c) {
            space();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!next(c)) {
                throw new IllegalArgumentException("bad JSON at " + at + ": expected '" + c + "'");
            }
        }
    }

    private Regrade() {
    }
}
