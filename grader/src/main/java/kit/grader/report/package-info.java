/**
 * From the supervisor's journal ({@link kit.grader.report.Journal}) to a grade: a {@link kit.grader.report.TestResult}
 * per graded test, the scoreboard and the reports each consumer reads ({@link kit.grader.report.Reports}: grade.json,
 * GitHub Classroom, Gradescope, summary.md; {@link kit.grader.report.JunitXml}: JUnit XML).
 */
package kit.grader.report;
