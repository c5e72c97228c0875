package kit.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The graded tests of one run, and the totals every report is made from. */
public final class Gradebook {

    /** One lesson's line on the scoreboard. */
    public record LessonScore(String id, String title, int score, int maxScore, List<TestResult> tests) {
        public long failing() {
            return tests.stream().filter(t -> t.status() != Status.PASSED && t.status() != Status.SKIPPED).count();
        }
    }

    private final String graded;
    private final List<TestResult> tests;
    private final List<LessonScore> lessons;
    private final List<String> notes;

    public Gradebook(String graded, List<TestResult> tests) {
        this(graded, tests, List.of());
    }

    /**
     * @param graded what was graded, as the reports name it ("exercises" or "solutions")
     * @param tests  every graded test, in lesson order
     * @param notes  what the grader noticed outside the tests (crashes, leftovers it cleaned up)
     */
    public Gradebook(String graded, List<TestResult> tests, List<String> notes) {
        this.graded = graded;
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
