/**
 * The engine's run: the {@link kit.grader.run.Supervisor} (one JVM, which owns every result) reads its command line
 * ({@link kit.grader.run.SupervisorOptions}), the graded test classes ({@link kit.grader.run.LessonCatalog}) and what
 * {@code -Dlesson} and {@code -Dtest} select ({@link kit.grader.run.LessonSelection}); it refuses what is not lesson
 * code ({@link kit.grader.run.ArtifactCheck}) and checks the rest against the policy; then it runs each lesson in a JVM
 * of its own, inside {@link kit.grader.run.Containment}. There {@link kit.grader.run.LessonRunner} runs JUnit with the
 * {@link kit.grader.run.GradingListener}, whose events reach the supervisor over the {@link kit.grader.run.Channel};
 * the supervisor takes them from the lesson's output ({@link kit.grader.run.LessonOutput}), checks their order
 * ({@link kit.grader.run.LessonRecord}), removes what the lesson left behind ({@link kit.grader.run.Leftovers}) and
 * writes the journal. docs/instructors/maintainers.md draws the flow.
 */
package kit.grader.run;
