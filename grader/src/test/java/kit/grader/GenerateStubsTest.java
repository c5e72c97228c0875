package kit.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** tools/GenerateStubs.java, run as instructors run it: a JDK and the source file. */
class GenerateStubsTest {

    static final Path TOOL = Path.of("..", "tools", "GenerateStubs.java").toAbsolutePath().normalize();

    @TempDir
    Path repo;

    record Run(int exit, String out, String err) {
    }

    Run generate(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TOOL.toString(), "--solutions", repo.resolve("solutions").toString(), "--exercises", repo.resolve("exercises").toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectOutput(repo.resolve("out.txt").toFile())
                .redirectError(repo.resolve("err.txt").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the generator finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(repo.resolve("out.txt")), Files.readString(repo.resolve("err.txt")));
    }

    Path solution(String name, String text) throws IOException {
        Path file = repo.resolve("solutions/src/main/java/lessons/sample").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    Path stub(String name) {
        return repo.resolve("exercises/src/main/java/lessons/sample").resolve(name);
    }

    static final String SOLUTION = """
            package lessons.sample;

            /** Kept as it is. */
            public class Sample {
                // BEGIN SOLUTION
                // STUB: private int total;
                private final java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
                // END SOLUTION

                public int add(int x) {
                    // BEGIN SOLUTION add x to the "total"
                    return total.addAndGet(x);
                    // END SOLUTION
                }

                public int zero() {
                    return 0;
                }
            }
            """;

    @Test
    void replaces_each_region_by_its_stub_lines_or_a_todo_and_keeps_the_rest() throws Exception {
        solution("Sample.java", SOLUTION);
        solution("notes.txt", "copied as it is");

        Run run = generate();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(stub("Sample.java"))).isEqualTo("""
                package lessons.sample;

                /** Kept as it is. */
                public class Sample {
                    private int total;

                    public int add(int x) {
                        throw new UnsupportedOperationException("TODO: add x to the \\"total\\"");
                    }

                    public int zero() {
                        return 0;
                    }
                }
                """);
        assertThat(Files.readString(stub("notes.txt"))).isEqualTo("copied as it is");
        assertThat(generate("--check").exit()).as("in sync right after generating").isZero();
    }

    @Test
    void check_fails_and_names_the_file_when_a_solution_changed_without_regenerating() throws Exception {
        Path file = solution("Sample.java", SOLUTION);
        generate();
        Files.writeString(file, SOLUTION.replace("public int zero() {\n        return 0;", "public int zero() {\n        return 1 - 1;"));

        Run run = generate("--check");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(stub("Sample.java").toString()).contains("java tools/GenerateStubs.java");
        assertThat(Files.readString(stub("Sample.java"))).as("--check changes nothing").doesNotContain("1 - 1");
    }

    @Test
    void check_names_stubs_without_a_solution_and_generating_removes_them() throws Exception {
        solution("Sample.java", SOLUTION);
        generate();
        Files.writeString(stub("Orphan.java"), "class Orphan {}");

        assertThat(generate("--check").err()).contains("Orphan.java has no solution");
        generate();
        assertThat(stub("Orphan.java")).doesNotExist();
    }

    @Test
    void an_unclosed_region_is_an_error_naming_file_and_line() throws Exception {
        solution("Broken.java", "class Broken {\n    // BEGIN SOLUTION\n    int x;\n}\n");

        Run run = generate();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Broken.java:2").contains("never closed");
    }
}
