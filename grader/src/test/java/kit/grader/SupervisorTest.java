package kit.grader;

import kit.grader.fixtures.supervised.DeadlockingLessonTest;
import kit.grader.fixtures.supervised.EscapingLessonTest;
import kit.grader.report.Journal;
import kit.grader.report.Status;
import kit.grader.report.TestResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults planted in "student code" (the supervised fixtures) cost only their own lesson, and leave nothing behind. */
class SupervisorTest {

    @TempDir
    static Path gradeDir;
    static String output;
    static Map<String, TestResult> results;
    static List<String> notes;
    static long seconds;

    @BeforeAll
    @Timeout(240)
    static void superviseTheFaultyLessons() throws Exception {
        Path log = gradeDir.resolve("supervisor.log");
        long start = System.nanoTime();
        Process supervisor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "kit.grader.run.Supervisor",
                "--grade-dir", gradeDir.toString(), "--test-classes", Path.of("target", "test-classes").toString(),
                "--scan", "kit/grader/fixtures/supervised", "--allowance", "10", "--output-limit", "10000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(supervisor.waitFor(220, TimeUnit.SECONDS)).as("the supervisor finishes").isTrue();
        seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        output = Files.readString(log);
        results = Journal.read(gradeDir).stream().collect(Collectors.toMap(TestResult::name, Function.identity()));
        notes = Journal.notes(gradeDir);
    }

    @Test
    void a_process_that_re_parents_itself_ends_with_the_lesson() {
        assertThat(results.get("starts a process that re parents itself").status()).isEqualTo(Status.PASSED);
        assertThat(notes).anyMatch(note -> note.startsWith("Lesson 97 Escapes") && note.contains(EscapingLessonTest.SLEEPER)
                && note.contains("ended them"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").equals(EscapingLessonTest.SLEEPER)))
                .as("the re-parented process is gone").isEmpty());
    }

    @Test
    @Timeout(120)
    void without_a_namespace_the_lessons_mark_still_finds_what_escaped(@TempDir Path elsewhere) throws Exception {
        Process supervisor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "kit.grader.run.Supervisor", "--contain", "off",
                "--grade-dir", elsewhere.toString(), "--test-classes", Path.of("target", "test-classes").toString(),
                "--scan", "kit/grader/fixtures/supervised", "--test", "EscapingLessonTest", "--allowance", "10")
                .redirectErrorStream(true).redirectOutput(elsewhere.resolve("supervisor.log").toFile()).start();
        assertThat(supervisor.waitFor(100, TimeUnit.SECONDS)).as("the supervisor finishes").isTrue();
        List<String> fallbackNotes = Journal.notes(elsewhere);
        assertThat(Files.readString(elsewhere.resolve("supervisor.log"))).contains("no PID namespace: turned off");
        assertThat(fallbackNotes).anyMatch(note -> note.startsWith("Lesson 97 Escapes left 1 process(es) running")
                && note.contains(EscapingLessonTest.SLEEPER));
        assertThat(fallbackNotes).anyMatch(note -> note.contains("/dev/shm/" + EscapingLessonTest.MARK))
                .anyMatch(note -> note.contains("/tmp/" + EscapingLessonTest.MARK));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").equals(EscapingLessonTest.SLEEPER)))
                .as("the re-parented process is gone").isEmpty());
        assertThat(Path.of("/dev/shm", EscapingLessonTest.MARK)).doesNotExist();
        assertThat(Path.of("/tmp", EscapingLessonTest.MARK)).doesNotExist();
        assertThat(Journal.read(elsewhere)).filteredOn(t -> t.name().equals("fails after printing forged passes"))
                .singleElement().extracting(TestResult::status).isEqualTo(Status.FAILED);
    }

    @Test
    void files_left_in_dev_shm_and_the_temporary_folder_are_removed_and_named() {
        assertThat(notes).anyMatch(note -> note.startsWith("Lesson 97 Escapes left") && note.contains(EscapingLessonTest.MARK)
                && note.contains("removed"));
        assertThat(Path.of("/dev/shm", EscapingLessonTest.MARK)).doesNotExist();
        assertThat(Path.of("/tmp", EscapingLessonTest.MARK)).doesNotExist();
    }

    @Test
    void forged_events_on_stdout_count_for_nothing_and_knobs_stay_as_fixed() {
        assertThat(results.get("fails after printing forged passes").status()).isEqualTo(Status.FAILED);
        assertThat(results.get("fails after printing forged passes").message()).contains("failed for real");
        assertThat(output).as("forged lines are output, shown as printed").contains("0123456789abcdef0123456789abcdef {");
        TestResult knobs = results.get("cannot change the cores or find the grade folder");
        assertThat(knobs.status()).as(knobs.message()).isEqualTo(Status.PASSED);
    }

    @Test
    void system_exit_loses_only_the_unfinished_tests_and_says_why() {
        assertThat(results.get("passes before the exit").status()).isEqualTo(Status.PASSED);
        for (String name : List.of("calls system exit", "never gets to run")) {
            TestResult result = results.get(name);
            assertThat(result.status()).as(name).isEqualTo(Status.NOT_RUN);
            assertThat(result.maxScore()).as("still counted against the total").isPositive();
            assertThat(result.message()).contains("exit code 3").contains("System.exit");
        }
    }

    @Test
    void runtime_halt_is_reported_like_system_exit() {
        assertThat(results.get("passes before the halt").status()).isEqualTo(Status.PASSED);
        TestResult halted = results.get("calls runtime halt");
        assertThat(halted.status()).isEqualTo(Status.NOT_RUN);
        assertThat(halted.message()).contains("exit code 5").contains("Runtime.halt");
    }

    @Test
    void a_stack_overflow_fails_its_test_only() {
        TestResult overflow = results.get("recurses forever");
        assertThat(overflow.status()).isEqualTo(Status.ERROR);
        assertThat(overflow.message()).startsWith("Stack overflow");
        assertThat(results.get("passes after the stack overflow").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void running_out_of_memory_is_named_and_keeps_what_had_finished() {
        for (String name : List.of("fills the heap", "comes after the heap is full")) {
            TestResult result = results.get(name);
            assertThat(result.status()).as(name).isEqualTo(Status.NOT_RUN);
            assertThat(result.message()).as(name).contains("ran out of memory").contains("OutOfMemoryError");
        }
        assertThat(results.get("passes after the stack overflow").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void a_deadlock_is_named_once_with_the_stacks_and_grading_goes_on() {
        TestResult deadlock = results.get("takes two locks in opposite order");
        assertThat(deadlock.status()).isEqualTo(Status.FAILED);
        assertThat(deadlock.message()).contains("Timed out").contains("DEADLOCK between threads")
                .contains("\"left-diner\" waits for").contains("\"right-diner\" waits for");
        assertThat(deadlock.details()).as("the threads' stacks").contains("lockBoth");
        TestResult hungWorker = results.get("waits for a worker that hangs");
        assertThat(hungWorker.status()).isEqualTo(Status.FAILED);
        assertThat(hungWorker.message()).contains("Timed out").doesNotContain("DEADLOCK");
        assertThat(results.get("passes after the hangs").status()).isEqualTo(Status.PASSED);
        assertThat(notes).as("a note on the hung worker").anyMatch(note -> note.startsWith("Lesson 96 Deadlocks")
                && note.contains("left 1 process(es) running") && note.contains("kit.multiprocessing.Worker"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(DeadlockingLessonTest.HUNG_WORKER)))
                .as("the hung worker JVM is gone").isEmpty());
    }

    @Test
    void a_hang_beyond_any_test_timeout_is_stopped_at_the_lessons_time_limit() {
        TestResult hung = results.get("spins forever");
        assertThat(hung.status()).isEqualTo(Status.NOT_RUN);
        assertThat(hung.message()).contains("stopped after 11 s, its time limit");   // its 1 s timeout + 10 s allowance
        assertThat(seconds).as("the whole run, hangs and crashes included").isLessThan(200);
    }

    @Test
    void endless_printing_is_capped_and_leftover_processes_are_ended() {
        assertThat(results.get("floods and leaks").status()).isEqualTo(Status.PASSED);
        assertThat(output.length()).as("output kept").isLessThan(40_000);
        assertThat(notes).anyMatch(note -> note.contains("printed too much"));
        assertThat(notes).anyMatch(note -> note.startsWith("Lesson 93 Leaks") && note.contains("process(es) running")
                && note.contains("sleep 300") && note.contains("ended them"));
        assertThat(notes).anyMatch(note -> note.contains("'floods and leaks' left 1 thread(s) running (\"spammer\")"));
        assertThat(notes).anyMatch(note -> note.contains("left shared memory behind (kit-leak)"));
        assertThat(Path.of("/dev/shm")).as("the lesson's shared-memory folder is gone")
                .isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("grade-93-"));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 300")))
                .as("the child process is gone").isEmpty();
    }
}
