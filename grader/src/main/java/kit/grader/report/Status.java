package kit.grader.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one graded test. */
public enum Status {
    PASSED("passed"),
    /** An assertion failed or the test timed out: the student's code ran but did the wrong thing. */
    FAILED("failed"),
    /** The student's code (or the test's setup) threw something unexpected. */
    ERROR("error"),
    /**
     * Could not run here, decided before any student code ran (say, a speedup test on one core): no points, and its
     * points stay in the maximum, so a skip never raises a grade.
     */
    SKIPPED("skipped"),
    /** Planned but never finished: the test JVM ended early (System.exit, a crash, a kill). */
    NOT_RUN("not-run");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static Status of(String label) {
        for (Status status : values()) {
            if (status.label.equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown test status '" + label + "'");
    }
}
