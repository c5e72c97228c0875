/**
 * What a graded test is written with: the only package of the grader that test authors use. Everything else
 * ({@code kit.grader.run}, {@code kit.grader.report}, {@code kit.grader.policy}) is the engine, which reads these
 * declarations and runs the tests; lesson code may use none of the grader (the policy refuses it).
 *
 * <p><b>Declarations</b>, read by the engine from the compiled classes before any test runs:
 * <ul>
 *   <li>{@link kit.grader.api.Lesson} on the test class (id, title, and any {@link kit.grader.api.Allowance});</li>
 *   <li>{@link kit.grader.api.Points} and {@link kit.grader.api.Hint} on each graded test method, with JUnit's
 *       {@code @Timeout};</li>
 *   <li>{@link kit.grader.api.RequiresCores}: skipped with 0 points (its points kept in the maximum) on a machine
 *       with fewer cores ({@link kit.grader.api.Cores});</li>
 *   <li>{@link kit.grader.api.GradedArtifact}: whether the run grades the reference solutions (the kit's own check)
 *       or a student's code, as the build's profile says.</li>
 * </ul>
 *
 * <p><b>Probes</b>, handed to student code to observe what it did concurrently without trusting what it says:
 * <ul>
 *   <li>{@link kit.grader.api.RecordingThreadFactory}: records the threads made, the threads that ran, and the
 *       most that ran at once;</li>
 *   <li>{@link kit.grader.api.CountingLock}: counts acquisitions, by thread, and the steps done in each hold;</li>
 *   <li>{@link kit.grader.api.Rendezvous}: N parties meet within a timeout; work that only passes when it runs at
 *       the same time as the others proves that it does (timing alone cannot);</li>
 *   <li>{@link kit.grader.api.PoolExtension}: starts a {@code kit.multiprocessing.Pool} once for a test class and
 *       closes it afterwards, leaving no worker process behind.</li>
 * </ul>
 * Each probe is safe to call from any thread, and never throws into the student's code where a count or a result
 * can say what went wrong instead. The test asserts on what the probe recorded, with a message that tells the
 * student what was expected.
 *
 * <p><b>Timing</b>, for what only a clock can show (after a probe has shown the work ran at the same time):
 * {@link kit.grader.api.SpeedupCheck} compares two variants by medians of alternating runs against a
 * {@link kit.grader.api.Speedup} scaled to the cores, a fixed ratio, or a ceiling, and returns a
 * {@link kit.grader.api.SpeedupResult}; {@link kit.grader.api.Timing} has the arithmetic. Lesson 03's races are judged
 * by jcstress instead, through {@code kit.grader.jcstress}.
 */
package kit.grader.api;
