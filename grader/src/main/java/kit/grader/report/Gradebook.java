package kit.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The graded tests of one run, and the totals every report is made from. */
public final class Gradebook {

    /** One lesson's line on the scoreboard. */
    public record LessonScore(String id, String title, int score, int maxScore, List<TestResult> tests) {
        /** The tests that did not earn their points, skipped ones included. */
        public long failing() {
            return tests.stream().filter(t -> t.status() != Status.PASSED).count();
        }
    }

    private final String graded;
    private final List<TestResult> tests;
    private final List<LessonScore> lessons;
    private final List<String> notes;
    private final List<Journal.PolicyVerdict> policies;

    public Gradebook(String graded, List<TestResult> tests) {
        this(graded, tests, List.of());
    }

    public Gradebook(String graded, List<TestResult> tests, List<String> notes) {
        this(graded, tests, notes, List.of());
    }

    /**
     * @param graded what was graded, as the reports name it ("exercises" or "solutions")
     * @param tests  every graded test, in lesson order
     * @param notes  what the grader noticed outside the tests (crashes, leftovers it cleaned up)
     * @param policies the policy's verdict on each graded lesson's code
     */
    public Gradebook(String graded, List<TestResult> tests, List<String> notes, List<Journal.PolicyVerdict> policies) {
        this.graded = graded;
        this.policies = List.copyOf(policies);
        this.notes = List.copyOf(notes);
        this.tests = List.copyOf(tests);
        Map<String, List<TestResult>> byLesson = new LinkedHashMap<>();
        for (TestResult test : this.tests) {
            byLesson.computeIfAbsent(test.lesson(), id -> new ArrayList<>()).add(test);
        }
        List<LessonScore> scores = new ArrayList<>();
        byLesson.forEach((id, lessonTests) -> scores.add(new LessonScore(id, lessonTests.get(0).lessonTitle(),
                lessonTests.stream().mapToInt(TestResult::score).sum(),
                lessonTests.stream().mapToInt(TestResult::maxScore).sum(), List.copyOf(lessonTests))));
        this.lessons = List.copyOf(scores);
    }

    public String graded() {
        return graded;
    }

    public List<String> notes() {
        return notes;
    }

    public List<Journal.PolicyVerdict> policies() {
        return policies;
    }

    /** The policy's verdict on a lesson, if the policy ran for it. */
    public java.util.Optional<Journal.PolicyVerdict> policy(String lesson) {
        return policies.stream().filter(p -> p.lesson().equals(lesson)).findFirst();
    }

    public List<TestResult> tests() {
        return tests;
    }

    public List<LessonScore> lessons() {
        return lessons;
    }

    public int score() {
        return tests.stream().mapToInt(TestResult::score).sum();
    }

    public int maxScore() {
        return tests.stream().mapToInt(TestResult::maxScore).sum();
    }

    public boolean fullMarks() {
        return !tests.isEmpty() && score() == maxScore();
    }

    public long durationMs() {
        return tests.stream().mapToLong(TestResult::durationMs).sum();
    }
}
