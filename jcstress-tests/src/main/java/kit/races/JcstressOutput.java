package kit.races;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one jcstress 0.16 run printed, parsed. jcstress has no JSON or XML output; its console
 * output ends with a "RUN RESULTS:" section that lists every test that ran, merged over all forks
 * (with {@code -v}, also the tests with nothing to report):
 *
 * <pre>
 *   ...... [FAILED] kit.races.jcstress.Races_02_LostUpdates.Atomic
 *
 *   Results across all configurations:
 *
 *   RESULT    SAMPLES     FREQ       EXPECT  DESCRIPTION
 *        1     12,345    0.24%    Forbidden  Lost update: the increment is not atomic.
 *        2  5,123,456   99.76%   Acceptable  Both increments counted.
 *
 *   Messages:
 *     ...
 * </pre>
 *
 * Tests missing from that section did not run. Lines that explain why (a "FATAL:" line,
 * "No scheduling is possible") are kept as {@link #notices()}. When jcstress was stopped before
 * that section, the blocks it printed for each finished fork are merged instead.
 */
public final class JcstressOutput {

    /** One line of a result table. */
    public record Row(String outcome, long samples, String expect, String description) {
        public boolean forbidden() {
            return expect.equals("Forbidden") || expect.equals("Unknown");
        }

        public boolean interesting() {
            return expect.equals("Interesting");
        }
    }

    /**
     * One test's merged result.
     *
     * @param label   jcstress's verdict: OK, FAILED, ERROR, TIMEOUT, VM ERROR or SKIPPED
     * @param rows    the outcome table
     * @param messages the "Messages:" and VM output/error lines (an actor's exception lands here)
     */
    public record TestReport(String name, String label, List<Row> rows, List<String> messages) {
        public long samples() {
            return rows.stream().mapToLong(Row::samples).sum();
        }
    }

    private static final Pattern HEADER = Pattern.compile("^\\s*[-.]*\\s*\\[(OK|FAILED|ERROR|TIMEOUT|VM ERROR|SKIPPED)]\\s+(\\S+)\\s*$");
    private static final Pattern ROW = Pattern.compile(
            "^\\s*(.*?)\\s+(\\d[\\d,.'\\u00a0\\u202f]*)\\s+(<?\\d[\\d.,]*%)\\s+(Acceptable|Interesting|Forbidden|Unknown)\\s{2}(.*)$");
    private static final Pattern SECTION = Pattern.compile(
            "^\\s{2}(Interesting tests|Failed tests|Error tests|All remaining tests):.*$");

    private final Map<String, TestReport> tests;
    private final List<String> notices;
    private final boolean finished;

    private JcstressOutput(Map<String, TestReport> tests, List<String> notices, boolean finished) {
        this.tests = tests;
        this.notices = notices;
        this.finished = finished;
    }

    /** Parses jcstress's console output (run with {@code -v}). */
    public static JcstressOutput parse(String output) {
        List<String> lines = output.lines().toList();
        List<String> notices = new ArrayList<>();
        int runResults = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("FATAL") || trimmed.contains("No scheduling is possible") || trimmed.startsWith("ERROR:")) {
                notices.add(trimmed);
            }
            if (trimmed.equals("RUN RESULTS:")) {
                runResults = i;
            }
        }
        Map<String, TestReport> tests = new LinkedHashMap<>();
        if (runResults >= 0) {
            parseBlocks(lines.subList(runResults + 1, lines.size()), tests::putIfAbsent);
        } else {
            // Stopped before its summary: merge the results of the forks that did finish.
            parseBlocks(lines, (name, fork) -> tests.merge(name, fork, JcstressOutput::merge));
        }
        return new JcstressOutput(Collections.unmodifiableMap(tests), List.copyOf(notices), runResults >= 0);
    }

    /** Two forks of one test: outcome counts added up, the worse verdict kept. */
    private static TestReport merge(TestReport a, TestReport b) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row row : a.rows()) {
            rows.put(row.outcome(), row);
        }
        for (Row row : b.rows()) {
            rows.merge(row.outcome(), row, (x, y) -> new Row(x.outcome(), x.samples() + y.samples(), x.expect(), x.description()));
        }
        List<String> order = List.of("OK", "SKIPPED", "FAILED", "TIMEOUT", "ERROR", "VM ERROR");
        String label = order.indexOf(b.label()) > order.indexOf(a.label()) ? b.label() : a.label();
        List<String> messages = new java.util.ArrayList<>(a.messages());
        messages.addAll(b.messages());
        return new TestReport(a.name(), label, List.copyOf(rows.values()), List.copyOf(messages));
    }

    private static void parseBlocks(List<String> lines, java.util.function.BiConsumer<String, TestReport> tests) {
        String name = null;
        String label = null;
        List<Row> rows = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        boolean inMessages = false;
        for (String line : lines) {
            Matcher header = HEADER.matcher(line);
            if (header.matches() || SECTION.matcher(line).matches()) {
                if (name != null) {
                    tests.accept(name, new TestReport(name, label, List.copyOf(rows), List.copyOf(messages)));
                }
                name = null;
                rows.clear();
                messages.clear();
                inMessages = false;
                if (header.matches() && header.group(2).contains(".")) {
                    label = header.group(1);
                    name = header.group(2);
                }
                continue;
            }
            if (name == null) {
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.equals("Messages:") || trimmed.equals("VM output stream:") || trimmed.equals("VM error stream:")) {
                inMessages = true;
                continue;
            }
            if (inMessages) {
                if (!trimmed.isEmpty()) {
                    messages.add(trimmed);
                }
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches() && !row.group(1).equals("RESULT")) {
                rows.add(new Row(row.group(1).strip(), digits(row.group(2)), row.group(4), row.group(5).strip()));
            }
        }
        if (name != null) {
            tests.accept(name, new TestReport(name, label, List.copyOf(rows), List.copyOf(messages)));
        }
    }

    private static long digits(String grouped) {
        String plain = grouped.replaceAll("\\D", "");
        return plain.isEmpty() ? 0 : Long.parseLong(plain);
    }

    /** Tests that ran, by name, as the "RUN RESULTS:" section reported them. */
    public Map<String, TestReport> tests() {
        return tests;
    }

    /** Lines that say why something did not run ("FATAL: No matching tests.", "No scheduling is possible..."). */
    public List<String> notices() {
        return notices;
    }

    /** Whether jcstress got as far as printing its "RUN RESULTS:" section (else {@link #tests()} holds the finished forks). */
    public boolean finished() {
        return finished;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "JcstressOutput[finished=%s, tests=%s, notices=%s]", finished, tests.keySet(), notices);
    }
}
