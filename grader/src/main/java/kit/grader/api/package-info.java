/**
 * The API test authors use to write graded tests: probes that observe what student code did concurrently, without
 * trusting what it says about itself.
 *
 * <ul>
 *   <li>{@link kit.grader.api.RecordingThreadFactory}: a {@code ThreadFactory} to hand to student code; it records
 *       the threads made, the threads that ran, and the most that ran at once.</li>
 *   <li>{@link kit.grader.api.CountingLock}: a {@code Lock} to hand to student code; it counts acquisitions, by
 *       thread, and the steps done in each hold.</li>
 *   <li>{@link kit.grader.api.Rendezvous}: N parties meet within a timeout; work that only passes when it runs at
 *       the same time as the others proves that it does (timing alone cannot).</li>
 *   <li>{@link kit.grader.api.PoolExtension}: a JUnit 5 extension that starts a {@code kit.multiprocessing.Pool}
 *       once for a test class and closes it afterwards, leaving no worker process behind.</li>
 * </ul>
 * Each probe is made to be handed to code under test: its methods are safe to call from any thread, and it
 * never throws into the student's code where a count or a result can say what went wrong instead. The test
 * asserts on what the probe recorded, with a message that tells the student what was expected.
 * Speed comparisons are in {@link kit.grader.timing.SpeedupCheck}.
 */
package kit.grader.api;
