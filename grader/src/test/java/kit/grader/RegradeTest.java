package kit.grader;

import kit.grader.api.Points;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static kit.grader.ExportTemplateTest.REPO;
import static kit.grader.ExportTemplateTest.copyTree;
import static kit.grader.ExportTemplateTest.java;
import static kit.grader.ExportTemplateTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** tools/Regrade.java: a folder of student repositories becomes one CSV gradebook, graded by the kit's own tests. */
class RegradeTest {

    @TempDir
    Path scratch;

    @Test
    @Timeout(900)
    void regrades_a_solved_a_partly_solved_a_tampered_and_a_broken_repository_and_skips_one_graded_before() throws Exception {
        KitChecks.assumeWholeKit();
        Path template = scratch.resolve("template");
        assertThat(run(REPO, 120, List.of(java(), "tools/ExportTemplate.java", template.toString()), scratch.resolve("export.log"))).isZero();
        Path students = scratch.resolve("student-repos");
        Path solutions = REPO.resolve("solutions/src/main/java/lessons/threads");
        for (String login : List.of("alice", "bob", "carol")) {
            Path repo = students.resolve("kit-" + login);
            assertThat(run(scratch, 60, List.of("git", "clone", "-q", template.toString(), repo.toString()), scratch.resolve("clone.log"))).isZero();
            copyTree(solutions, repo.resolve("exercises/src/main/java/lessons/threads"));
        }
        // bob and carol make a mistake that one graded test catches; carol also disables that test in her repository.
        Properties fault = new Properties();
        try (Reader in = Files.newBufferedReader(REPO.resolve("faults/threads/failures-swallowed.properties"))) {
            fault.load(in);
        }
        String caught = fault.getProperty("fails");
        for (String login : List.of("bob", "carol")) {
            Path code = students.resolve("kit-" + login).resolve("exercises/src/main/java").resolve(fault.getProperty("file"));
            String text = Files.readString(code);
            assertThat(text).contains(fault.getProperty("replace"));
            Files.writeString(code, text.replace(fault.getProperty("replace"), fault.getProperty("with")));
        }
        Path carolsTest = students.resolve("kit-carol/grader/src/test/java/lessons/threads/ThreadsTest.java");
        String test = Files.readString(carolsTest);
        Files.writeString(carolsTest, test.replace("void " + caught + "(", "@org.junit.jupiter.api.Disabled void " + caught + "("));
        // dave's repository holds no lesson code at all; erin was graded before an interruption.
        Files.createDirectories(students.resolve("kit-dave"));
        Files.writeString(students.resolve("kit-dave/answers.txt"), "see my notebook");
        Files.createDirectories(students.resolve("kit-erin"));

        Class<?> threadsTest = Class.forName("lessons.threads.ThreadsTest");
        int points = 0;
        for (java.lang.reflect.Method method : threadsTest.getDeclaredMethods()) {
            points += method.isAnnotationPresent(Points.class) ? method.getAnnotation(Points.class).value() : 0;
        }
        int caughtPoints = threadsTest.getDeclaredMethod(caught).getAnnotation(Points.class).value();
        String header = "login,repository,total,max,01 Threads (" + points + "),status,changed outside the lesson code,detail";
        Path gradebook = scratch.resolve("gradebook.csv");
        Files.writeString(gradebook, header + "\nerin,kit-erin,7,14,7,graded,,graded before the interruption\n");

        Path log = scratch.resolve("regrade.log");
        int exit = run(REPO, 840, List.of(java(), "tools/Regrade.java", students.toString(), "--out", gradebook.toString(),
                "--lesson", "01"), log);
        String output = Files.readString(log);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("[1/5] kit-alice: " + points + "/" + points + " (graded)")
                .contains("[5/5] kit-erin: already in gradebook.csv, skipped");

        List<List<String>> rows = parseCsv(Files.readString(gradebook));
        assertThat(rows.get(0)).isEqualTo(List.of(header.split(",")));
        assertThat(rows).extracting(row -> row.get(0)).containsExactly("login", "erin", "alice", "bob", "carol", "dave");
        assertThat(rows.get(1)).as("erin's row, kept").containsExactly("erin", "kit-erin", "7", "14", "7", "graded", "",
                "graded before the interruption");
        String full = Integer.toString(points);
        String less = Integer.toString(points - caughtPoints);
        assertThat(rows.get(2)).as("alice: solved, nothing else changed").containsExactly("alice", "kit-alice", full, full, full, "graded", "", "");
        assertThat(rows.get(3)).as("bob: one mistake").containsExactly("bob", "kit-bob", less, full, less, "graded", "", "");
        assertThat(rows.get(4).subList(0, 6)).as("carol: the kit's test counts, not her disabled copy")
                .containsExactly("carol", "kit-carol", less, full, less, "graded");
        assertThat(rows.get(4).get(6)).isEqualTo("grader/src/test/java/lessons/threads/ThreadsTest.java (changed)");
        assertThat(rows.get(5).subList(0, 6)).as("dave: a broken repository is a row with its reason")
                .containsExactly("dave", "kit-dave", "0", full, "", "no lesson code");
        assertThat(rows.get(5).get(6)).contains(".github/workflows/classroom.yml (removed)", "answers.txt (added)")
                .matches(".*; and \\d+ more");
        assertThat(rows.get(5).get(7)).contains("No lesson code found", "answers.txt").doesNotContain("\n");
    }

    static final Pattern FIELD = Pattern.compile("\"((?:[^\"]|\"\")*)\"|([^,\\n]*)");

    /** RFC 4180: fields separated by commas, quoted when they hold a comma, a quote or a line break. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        Matcher field = FIELD.matcher(text);
        int at = 0;
        while (at < text.length() && field.find(at) && field.start() == at) {
            row.add(field.group(1) != null ? field.group(1).replace("\"\"", "\"") : field.group(2));
            at = field.end();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else {
                rows.add(row);
                row = new ArrayList<>();
                at++;   // the line break
            }
        }
        return rows;
    }
}
