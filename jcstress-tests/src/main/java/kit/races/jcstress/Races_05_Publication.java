package kit.races.jcstress;

import lessons.races.LatchResult;
import lessons.races.PlainFlagResult;
import lessons.races.ResultBox;
import lessons.races.VolatileFlagResult;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publishing a result: one actor publishes 42, the other polls once. The result is what the poll
 * returned: -1 (not ready yet), 42, or 0: the flag said "ready" but the result was not there yet.
 *
 * <p>On x86 the CPU keeps stores in order and loads in order, so the 0 comes from the JIT compiler
 * reordering plain accesses; the run uses C2 with its scheduling randomizers to make it show up
 * (see docs/lessons/03-races.md).
 *
 * <pre>java -jar jcstress-tests/target/jcstress.jar -t Races_05_Publication</pre>
 */
public class Races_05_Publication {

    /** Given: a plain boolean flag. The reader can see the flag and miss the result. */
    @JCStressTest
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "Not ready yet.")
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "Saw the flag and the result.")
    @Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "Saw the flag but not the result: unsafe publication.")
    @State
    public static class PlainFlag {
        final ResultBox box = new PlainFlagResult();

        @Actor
        public void producer() {
            box.publish(42);
        }

        @Actor
        public void consumer(I_Result r) {
            r.r1 = box.poll();
        }
    }

    /** Your fix: a volatile flag. */
    @JCStressTest
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "Not ready yet.")
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "Saw the flag and the result.")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "Saw the flag but not the result: the flag does not publish.")
    @Outcome(expect = FORBIDDEN, desc = "poll() returns -1 or the published 42, nothing else.")
    @State
    public static class VolatileFlag {
        final ResultBox box = new VolatileFlagResult();

        @Actor
        public void producer() {
            box.publish(42);
        }

        @Actor
        public void consumer(I_Result r) {
            r.r1 = box.poll();
        }
    }

    /** Your fix: a CountDownLatch. */
    @JCStressTest
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "Not ready yet.")
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "Saw the latch open and the result.")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "Saw the latch open but not the result: it does not publish.")
    @Outcome(expect = FORBIDDEN, desc = "poll() returns -1 or the published 42, nothing else.")
    @State
    public static class Latch {
        final ResultBox box = new LatchResult();

        @Actor
        public void producer() {
            box.publish(42);
        }

        @Actor
        public void consumer(I_Result r) {
            r.r1 = box.poll();
        }
    }
}
