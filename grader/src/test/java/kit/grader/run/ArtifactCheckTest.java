package kit.grader.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the lessons' own .java files and classes are graded; anything else is refused by name. */
class ArtifactCheckTest {

    static final Set<String> LESSONS = Set.of("lessons.threads", "lessons.globallock");

    @TempDir
    Path module;

    void file(String path) throws Exception {
        Path file = module.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }

    @Test
    void the_lessons_sources_pass_and_everything_else_is_named() throws Exception {
        file("src/main/java/lessons/threads/Threads.java");
        file("src/main/java/lessons/globallock/sub/Helper.java");
        file("src/main/java/lessons/threads/notes.txt");
        file("src/main/java/org/assertj/core/internal/Failures.java");
        file("src/main/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener");
        file("src/main/java/lessons/other/Other.java");   // a lesson whose tests did not compile, or a helper package
        file("src/test/java/lessons/threads/MyTest.java");

        List<ArtifactCheck.Refusal> refused = ArtifactCheck.sources(module, LESSONS);

        String name = module.getFileName().toString();
        assertThat(refused).extracting(ArtifactCheck.Refusal::path).containsExactly(
                name + "/src/main/java/lessons/threads/notes.txt",
                name + "/src/main/java/org/assertj/core/internal/Failures.java",
                name + "/src/main/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener",
                name + "/src/test/java/lessons/threads/MyTest.java");
        assertThat(refused).extracting(ArtifactCheck.Refusal::lesson).containsExactly("lessons.threads", null, null, null);
        assertThat(refused.get(0).message()).contains("is not lesson code").contains("src/main/java/lessons/<lesson>/");
    }

    @Test
    void the_classes_folder_may_hold_only_lesson_classes() throws Exception {
        file("target/classes/lessons/threads/Threads.class");
        file("target/classes/lessons/threads/Threads$1.class");
        file("target/classes/junit-platform.properties");
        file("target/classes/kit/grader/api/Cores.class");
        assertThat(ArtifactCheck.classes(List.of(module.resolve("target/classes")), LESSONS))
                .extracting(ArtifactCheck.Refusal::path)
                .containsExactly(module.getFileName() + "/target/classes/junit-platform.properties",
                        module.getFileName() + "/target/classes/kit/grader/api/Cores.class");
        assertThat(ArtifactCheck.classes(List.of(module.resolve("target/classes")), LESSONS).get(0).message())
                .endsWith("with ./mvnw clean test (it is left from an earlier build).");
    }
}
