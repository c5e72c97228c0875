package kit.grader.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The supervisor's command line: what grader/pom.xml writes is read as meant, and a bad option is named. */
class SupervisorOptionsTest {

    static SupervisorOptions parse(String... args) {
        return SupervisorOptions.parse(args);
    }

    @Test
    void the_command_line_of_grader_pom_is_read_with_maven_s_unset_properties_as_blanks() {
        SupervisorOptions options = parse("--grade-dir", "target/grade", "--test-classes", "target/test-classes",
                "--catalog", "lesson-catalog.tsv", "--lessons-module", "../exercises", "--cores", " ", "--lesson", "04 ",
                "--test", " ");
        assertThat(options.gradeDir()).isEqualTo(Path.of("target/grade"));
        assertThat(options.lessonsModule()).isAbsolute().endsWith(Path.of("exercises"));
        assertThat(options.lesson()).isEqualTo("04");
        assertThat(options.test()).isEmpty();
        assertThat(options.cores()).isEmpty();
        assertThat(options.timeLimit()).as("0: each lesson's own budget").isZero();
        assertThat(options.allowance()).isEqualTo(Supervisor.DEFAULT_ALLOWANCE);
        assertThat(options.outputLimit()).isEqualTo(Supervisor.DEFAULT_OUTPUT_LIMIT);
        assertThat(options.scan()).isEqualTo("lessons");
        assertThat(options.contain()).isTrue();
        assertThat(parse("--grade-dir", "g", "--test-classes", "t", "--contain", "off", "--time-limit", "90").contain()).isFalse();
    }

    @Test
    void a_bad_option_is_refused_by_name() {
        assertThatThrownBy(() -> parse("--grade-dir", "g")).hasMessage("missing --test-classes");
        assertThatThrownBy(() -> parse("--grade-dir", "g", "--test-classes", "t", "--lessons", "04"))
                .hasMessageStartingWith("unknown option --lessons; the supervisor takes --grade-dir, --test-classes, ");
        assertThatThrownBy(() -> parse("--grade-dir", "g", "--test-classes", "t", "--time-limit", "ten"))
                .hasMessage("--time-limit ten: a whole number of seconds, 0 or more");
        assertThatThrownBy(() -> parse("--grade-dir", "g", "--test-classes", "t", "--output-limit", "-1"))
                .hasMessage("--output-limit -1: a whole number of bytes, 0 or more");
        assertThatThrownBy(() -> parse("--grade-dir", "g", "--test-classes", "t", "--contain", "on"))
                .hasMessage("--contain on: auto or off");
        assertThatThrownBy(() -> parse("--grade-dir", "g", "--test-classes")).hasMessage("--test-classes has no value");
        assertThatThrownBy(() -> parse("grade-dir", "g")).hasMessage("expected an option, got 'grade-dir'");
    }
}
