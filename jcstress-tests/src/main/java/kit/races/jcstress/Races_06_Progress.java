package kit.races.jcstress;

import lessons.races.LatchResult;
import lessons.races.PlainFlagResult;
import lessons.races.ResultBox;
import lessons.races.VolatileFlagResult;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The other half of publication: will a reader that spins on poll() ever see the result?
 * (jcstress termination mode: the actor spins, the signal publishes; a reader still spinning
 * after 30 s is STALE.)
 *
 * <p>With a plain flag the JIT may read the flag once, before the loop, and turn the loop into
 * {@code while (true)}: the reader never finishes, although the result was published long ago.
 * Unlike the reordering in {@link Races_05_Publication}, this happens on every CPU once the loop
 * is compiled, so it catches a plain flag reliably. A STALE run costs 30 s.
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_06_Progress</pre>
 */
public class Races_06_Progress {

    /**
     * Given: a reader spinning on a plain flag. Not part of the graded run (each STALE costs 30 s);
     * run it by hand to watch a loop that never ends.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning reader saw the result.")
    @Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING, desc = "The reader spins forever: the flag was read once.")
    @State
    public static class PlainFlagSpin {
        final ResultBox box = new PlainFlagResult();

        @Actor
        public void reader() {
            while (box.poll() == ResultBox.NOT_READY) {
                // spin
            }
        }

        @Signal
        public void publish() {
            box.publish(42);
        }
    }

    /** Your fix: a volatile flag is read again on every poll, so the reader finishes. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning reader saw the result.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The reader spins forever: the flag is read once (not volatile?).")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "poll() or publish() threw an exception.")
    @State
    public static class VolatileFlagSpin {
        final ResultBox box = new VolatileFlagResult();

        @Actor
        public void reader() {
            while (box.poll() == ResultBox.NOT_READY) {
                // spin
            }
        }

        @Signal
        public void publish() {
            box.publish(42);
        }
    }

    /** Your fix: a reader spinning on the latch finishes once it is counted down. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning reader saw the result.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The reader spins forever: it never sees the latch open.")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "poll() or publish() threw an exception.")
    @State
    public static class LatchSpin {
        final ResultBox box = new LatchResult();

        @Actor
        public void reader() {
            while (box.poll() == ResultBox.NOT_READY) {
                // spin
            }
        }

        @Signal
        public void publish() {
            box.publish(42);
        }
    }
}
