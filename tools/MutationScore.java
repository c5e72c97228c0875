import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums up a PIT run over the reference solutions (docs/mutation-testing.md): the mutation score per lesson, over all of
 * {@code solutions/} and over the code students write (the lines between {@code // BEGIN SOLUTION} and
 * {@code // END SOLUTION}), and every mutant in student code that no graded test killed.
 *
 * <p>Run from the repository root after {@code ./mvnw -Pmutation -pl grader -am verify} (the mutation profile runs it):
 * <pre>
 *   java tools/MutationScore.java [--report grader/target/pit-reports/mutations.xml]
 *                                 [--sources solutions/src/main/java] [--min PERCENT]
 * </pre>
 * With {@code --min}, exits 1 when the score over student code is below PERCENT.
 */
public final class MutationScore {

    /** One mutant of PIT's XML report. */
    record Mutant(String status, String mutatedClass, String method, int line, String mutator, String description) {

        String lesson() {
            String pkg = mutatedClass.substring(0, mutatedClass.lastIndexOf('.'));
            return pkg.substring(pkg.lastIndexOf('.') + 1);
        }

        /** Killed by a failing test, a time-out or a crash of the test JVM: PIT counts all of them as detected. */
        boolean detected() {
            return switch (status) {
                case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> true;
                default -> false;
            };
        }
    }

    /** Counts of one row of the table. */
    static final class Row {
        int mutants;
        int detected;
        int timedOut;
        int survived;
        int noCoverage;

        void add(Mutant m) {
            mutants++;
            if (m.detected()) {
                detected++;
            }
            if (m.status().equals("TIMED_OUT")) {
                timedOut++;
            }
            if (m.status().equals("SURVIVED")) {
                survived++;
            }
            if (m.status().equals("NO_COVERAGE")) {
                noCoverage++;
            }
        }

        double score() {
            return mutants == 0 ? 100 : 100.0 * detected / mutants;
        }

        double strength() {
            return detected + survived == 0 ? 100 : 100.0 * detected / (detected + survived);
        }
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of("grader", "target", "pit-reports", "mutations.xml");
        Path sources = Path.of("solutions", "src", "main", "java");
        double min = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--report" -> report = Path.of(args[++i]);
                case "--sources" -> sources = Path.of(args[++i]);
                case "--min" -> min = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: java tools/MutationScore.java [--report FILE] [--sources DIR] [--min PERCENT]");
                    System.exit(2);
                }
            }
        }
        if (!Files.isRegularFile(report)) {
            System.err.println("no PIT report at " + report + ": run ./mvnw -Pmutation -pl grader -am verify first");
            System.exit(2);
        }
        List<Mutant> all = read(report);
        Regions regions = new Regions(sources);
        List<Mutant> student = all.stream().filter(regions::inStudentCode).toList();

        table("All of solutions/", all);
        System.out.println();
        table("Student code (between BEGIN SOLUTION and END SOLUTION)", student);
        System.out.println();
        System.out.println("Student code: mutants no graded test killed (see docs/mutation-testing.md for the accepted ones)");
        student.stream().filter(m -> !m.detected())
                .sorted(Comparator.comparing(Mutant::mutatedClass).thenComparingInt(Mutant::line))
                .forEach(m -> System.out.printf(Locale.ROOT, "  %-11s %s.%s line %d: %s%n", m.status(),
                        m.mutatedClass().replaceFirst("^lessons\\.", ""), m.method(), m.line(), m.description()));

        Row total = new Row();
        student.forEach(total::add);
        if (min >= 0 && total.score() < min) {
            System.out.printf(Locale.ROOT, "%nThe mutation score over student code is %.1f%%, below the %.1f%% required.%n",
                    total.score(), min);
            System.exit(1);
        }
    }

    static void table(String title, List<Mutant> mutants) {
        Map<String, Row> rows = new TreeMap<>();
        Row total = new Row();
        for (Mutant m : mutants) {
            rows.computeIfAbsent(m.lesson(), k -> new Row()).add(m);
            total.add(m);
        }
        System.out.println(title);
        System.out.printf(Locale.ROOT, "  %-14s %7s %7s %9s %8s %11s %7s %9s%n", "lesson", "mutants", "killed", "timed out",
                "survived", "no coverage", "score", "strength");
        rows.forEach((lesson, row) -> print(lesson, row));
        print("total", total);
        System.out.println("  (killed includes timed out; score = killed / mutants; strength = killed / (killed + survived),"
                + " the covered mutants only)");
    }

    static void print(String name, Row row) {
        System.out.printf(Locale.ROOT, "  %-14s %7d %7d %9d %8d %11d %6.1f%% %8.1f%%%n", name, row.mutants, row.detected,
                row.timedOut, row.survived, row.noCoverage, row.score(), row.strength());
    }

    static List<Mutant> read(Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(report.toFile());
        NodeList nodes = doc.getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String mutator = text(e, "mutator");
            mutants.add(new Mutant(e.getAttribute("status"), text(e, "mutatedClass"), text(e, "mutatedMethod"),
                    Integer.parseInt(text(e, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                    text(e, "description")));
        }
        return mutants;
    }

    static String text(Element e, String tag) {
        NodeList found = e.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent();
    }

    /** The BEGIN/END SOLUTION regions of each solution file, by line. */
    static final class Regions {
        private final Path sources;
        private final Map<Path, List<int[]>> byFile = new HashMap<>();

        Regions(Path sources) {
            this.sources = sources;
        }

        boolean inStudentCode(Mutant m) {
            String outer = m.mutatedClass().split("\\$")[0];
            Path file = sources.resolve(outer.replace('.', '/') + ".java");
            return byFile.computeIfAbsent(file, Regions::regionsOf).stream()
                    .anyMatch(r -> r[0] < m.line() && m.line() < r[1]);
        }

        static List<int[]> regionsOf(Path file) {
            List<int[]> regions = new ArrayList<>();
            if (!Files.isRegularFile(file)) {
                return regions;
            }
            try {
                List<String> lines = Files.readAllLines(file);
                int begin = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("// BEGIN SOLUTION")) {
                        begin = i + 1;
                    } else if (lines.get(i).contains("// END SOLUTION") && begin > 0) {
                        regions.add(new int[] {begin, i + 1});
                        begin = -1;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
            return regions;
        }
    }
}
