/**
 * Lesson 03's races, judged by jcstress: {@link kit.grader.jcstress.Jcstress} runs jcstress once in a child JVM over the
 * tests that {@link kit.grader.jcstress.JudgedByJcstress} names on the graded test methods, and returns what it observed
 * of each ({@link kit.grader.jcstress.Observation}), read from jcstress's own result file
 * ({@link kit.grader.jcstress.JcstressResults}), never from the console the lesson code can print to. Points and hints
 * stay on the graded test, as for every other lesson.
 */
package kit.grader.jcstress;
