/**
 * The grader. Test authors use {@link kit.grader.api} and nothing else; the engine behind it is {@code kit.grader.run}
 * (the supervisor and the lesson JVMs), {@code kit.grader.report} (the grade and its reports),
 * {@code kit.grader.policy} (what lesson code may not use) and {@code kit.grader.jcstress} (lesson 03's jcstress run).
 * {@link kit.grader.Grade} is the last step of every run: the reports and the scoreboard.
 */
package kit.grader;
