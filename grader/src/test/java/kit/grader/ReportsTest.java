package kit.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import kit.grader.report.Gradebook;
import kit.grader.report.Journal;
import kit.grader.report.Reports;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Two lessons: one solved, one half solved and refused by the policy, with a test of every status. */
    static Gradebook sample() {
        return new Gradebook("exercises", List.of(
                new TestResult("01", "Threads", "starts", Status.PASSED, 3, 3, "", "", 20, Map.of("speedup", "1.9x"), ""),
                new TestResult("01", "Threads", "joins", Status.PASSED, 2, 2, "", "", 5, Map.of(), ""),
                new TestResult("02", "Vector add", "adds", Status.PASSED, 4, 4, "", "", 7, Map.of(), ""),
                new TestResult("02", "Vector add", "chunks", Status.FAILED, 0, 5, "expected 3 threads | got 1", "split", 9, Map.of(), "trace"),
                new TestResult("02", "Vector add", "crashes", Status.ERROR, 0, 1, "NullPointerException", "", 1, Map.of(), ""),
                new TestResult("02", "Vector add", "never ran", Status.NOT_RUN, 0, 2, "Did not finish", "", 0, Map.of(), ""),
                new TestResult("02", "Vector add", "one core", Status.SKIPPED, 0, 2, "Skipped: needs 2 cores", "", 0, Map.of(), "")),
                List.of(), List.of(new Journal.PolicyVerdict("01", "Threads", true, "no forbidden API in lessons.threads"),
                        new Journal.PolicyVerdict("02", "Vector add", false, "lessons.vectoradd.V.f (V.java:3) uses System.exit(int)")));
    }

    static Set<ValidationMessage> validate(String schema, JsonNode report) throws Exception {
        try (InputStream in = ReportsTest.class.getResourceAsStream("/schemas/" + schema)) {
            JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            return validator.validate(report);
        }
    }

    JsonNode written(String file) throws Exception {
        Reports.writeAll(sample(), dir);
        return JSON.readTree(dir.resolve(file).toFile());
    }

    @Test
    void grade_json_matches_its_schema_and_adds_up() throws Exception {
        JsonNode grade = written("grade.json");
        assertThat(validate("grade.schema.json", grade)).isEmpty();
        assertThat(grade.get("score").asInt()).isEqualTo(9);
        assertThat(grade.get("max_score").asInt()).isEqualTo(19);
        assertThat(grade.get("lessons")).hasSize(2);
        assertThat(grade.get("lessons").get(1).get("score").asInt()).isEqualTo(4);
        assertThat(grade.get("lessons").get(1).get("max_score").asInt()).isEqualTo(14);
        assertThat(sum(grade.get("tests"), "score")).isEqualTo(grade.get("score").asInt());
        assertThat(grade.get("tests").get(5).get("status").asText()).isEqualTo("not-run");
    }

    @Test
    void classroom_result_matches_the_reporters_schema_and_its_arithmetic() throws Exception {
        JsonNode result = written("classroom.json");
        assertThat(validate("classroom.schema.json", result)).isEmpty();
        // The reporter's arithmetic: total = sum of tests[].score, max = max_score.
        assertThat(sum(result.get("tests"), "score")).isEqualTo(9);
        assertThat(result.get("max_score").asInt()).isEqualTo(19);
        assertThat(result.get("status").asText()).as("an error among the tests").isEqualTo("error");
        assertThat(result.get("tests").get(3).get("message").asText()).contains("expected 3 threads").contains("Hint: split");
    }

    @Test
    void each_lesson_has_a_classroom_result_of_its_own_that_adds_up_to_its_points() throws Exception {
        Reports.writeAll(sample(), dir);
        JsonNode threads = JSON.readTree(dir.resolve("classroom/01.json").toFile());
        JsonNode vectorAdd = JSON.readTree(dir.resolve("classroom/02.json").toFile());
        assertThat(validate("classroom.schema.json", threads)).isEmpty();
        assertThat(validate("classroom.schema.json", vectorAdd)).isEmpty();
        assertThat(threads.get("status").asText()).isEqualTo("pass");
        assertThat(sum(threads.get("tests"), "score")).isEqualTo(5);
        assertThat(threads.get("max_score").asInt()).isEqualTo(5);
        assertThat(vectorAdd.get("status").asText()).isEqualTo("error");
        assertThat(sum(vectorAdd.get("tests"), "score")).isEqualTo(4);
        assertThat(vectorAdd.get("max_score").asInt()).isEqualTo(14);
        assertThat(threads.get("tests")).hasSize(2);
        assertThat(vectorAdd.get("tests")).hasSize(5);
    }

    @Test
    void a_long_message_is_capped_in_the_classroom_results_but_kept_whole_in_grade_json() throws Exception {
        String huge = "x".repeat(200_000);
        Gradebook book = new Gradebook("exercises", List.of(
                new TestResult("01", "Threads", "floods", Status.FAILED, 0, 3, huge, "a hint", 1, Map.of(), "")));
        Reports.writeAll(book, dir);
        for (Path result : List.of(dir.resolve("classroom.json"), dir.resolve("classroom/01.json"))) {
            String message = JSON.readTree(result.toFile()).get("tests").get(0).get("message").asText();
            assertThat(message).as(result.toString()).hasSize(Reports.CLASSROOM_MESSAGE_LIMIT).startsWith("xxx")
                    .endsWith("the whole message is in grade.json]");
        }
        assertThat(JSON.readTree(dir.resolve("grade.json").toFile()).get("tests").get(0).get("message").asText()).isEqualTo(huge);
    }

    @Test
    void gradescope_output_says_when_the_machine_has_one_core() throws Exception {
        assertThat(Reports.gradescopeJson(sample(), 1).get("output").toString())
                .contains("too small", "1 CPU core", "1 test(s) were skipped", "at least 2 CPUs");
        assertThat(Reports.gradescopeJson(sample(), 2).get("output").toString()).isEqualTo("Graded exercises: 9/19 points.");
    }

    @Test
    void gradescope_results_match_its_schema() throws Exception {
        JsonNode results = written("results.json");
        assertThat(validate("gradescope.schema.json", results)).isEmpty();
        assertThat(results.get("score").asInt()).isEqualTo(9);
        assertThat(sum(results.get("tests"), "max_score")).isEqualTo(19);
        assertThat(results.get("tests").get(3).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void the_schemas_reject_a_broken_report() throws Exception {
        ObjectNode classroom = (ObjectNode) written("classroom.json");
        ((ObjectNode) classroom.get("tests").get(0)).remove("score");
        assertThat(validate("classroom.schema.json", classroom)).as("a test without a score").isNotEmpty();

        ObjectNode grade = (ObjectNode) written("grade.json");
        ((ObjectNode) grade.get("tests").get(0)).put("status", "green");
        assertThat(validate("grade.schema.json", grade)).as("an unknown status").isNotEmpty();

        ObjectNode gradescope = (ObjectNode) written("results.json");
        ((ObjectNode) gradescope.get("tests").get(0)).put("status", "pass");
        assertThat(validate("gradescope.schema.json", gradescope)).as("Classroom's status word in Gradescope").isNotEmpty();
    }

    @Test
    void the_policy_has_its_own_line_per_lesson_in_the_scoreboard_and_the_reports() throws Exception {
        assertThat(Reports.scoreboard(sample())).contains(" Policy (forbidden APIs in lesson code")
                .contains(" 01  Threads                    passed")
                .contains(" 02  Vector add                 REFUSED: lessons.vectoradd.V.f (V.java:3) uses System.exit(int)");
        assertThat(written("grade.json").get("lessons").get(1).get("policy").get("status").asText()).isEqualTo("refused");
        JsonNode gradescope = written("results.json");
        assertThat(validate("gradescope.schema.json", gradescope)).isEmpty();
        assertThat(gradescope.get("tests").findValuesAsText("name")).contains("02 Vector add: the grader's policy on lesson code");
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("### Refused by the policy")
                .contains("uses System.exit(int)");
    }

    @Test
    void a_skipped_test_earns_nothing_in_every_format_and_says_why() throws Exception {
        assertThat(Reports.scoreboard(sample())).contains("[SKIPPED] 02 Vector add: one core  (2 pts)")
                .contains("Skipped: needs 2 cores");
        JsonNode classroom = written("classroom.json");
        assertThat(classroom.get("max_score").asInt()).isEqualTo(19);
        JsonNode gradescope = written("results.json");
        assertThat(gradescope.get("tests").get(6).get("status").asText()).isEqualTo("failed");
        assertThat(gradescope.get("tests").get(6).get("max_score").asInt()).isEqualTo(2);
    }

    @Test
    void scoreboard_and_summary_show_points_failures_hints_and_figures() throws Exception {
        String board = Reports.scoreboard(sample());
        assertThat(board).contains(" 01  Threads").contains("5 / 5").contains("4 / 14").contains("TOTAL").contains("9 / 19")
                .contains("[FAILED] 02 Vector add: chunks").contains("Hint: split").contains("[NOT-RUN]")
                .contains("speedup=1.9x").contains("1 test(s) could not run on this machine");
        Reports.writeAll(sample(), dir);
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("## Grade: 9 / 19 points").contains("| 02 Vector add | 4 / 14 | 4 | **refused** |")
                .contains("expected 3 threads \\| got 1");
    }

    @Test
    void full_marks_pass_in_every_format() throws Exception {
        Gradebook solved = new Gradebook("solutions", List.of(
                new TestResult("01", "Threads", "starts", Status.PASSED, 3, 3, "", "", 20, Map.of(), "")));
        assertThat(solved.fullMarks()).isTrue();
        assertThat(Reports.classroomJson(solved)).containsEntry("status", "pass");
        assertThat(Reports.scoreboard(solved)).contains("100%").doesNotContain("Failing tests");
    }

    static int sum(JsonNode tests, String field) {
        return StreamSupport.stream(tests.spliterator(), false).mapToInt(t -> t.get(field).asInt()).sum();
    }
}
