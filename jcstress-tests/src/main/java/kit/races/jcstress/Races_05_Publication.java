package kit.races.jcstress;

import lessons.races.LatchResult;
import lessons.races.PlainFlagResult;
import lessons.races.ResultBox;
import lessons.races.VolatileFlagResult;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publishing a result: one actor publishes 42 into four boxes, the other polls the four boxes once
 * each. A poll returns -1 (not ready yet), 42, or 0: the flag said "ready" but the result was not
 * there yet. The result counts the boxes: "seen ready with 42, seen ready WITHOUT the result, other values".
 *
 * <p>On x86 the CPU keeps stores in order and loads in order, so the 0 can only come from the JIT
 * compiler reordering the plain accesses. The graded run uses C2 with its scheduling randomizers
 * (-XX:+StressLCM -XX:+StressGCM), which pick a different legal order in every compilation; four
 * boxes give four chances per compiled schedule. See docs/lessons/03-races.md.
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_05_Publication</pre>
 */
public class Races_05_Publication {

    static final int PUBLISHED = 42;

    /** Counts what the reader saw in the boxes. */
    static void count(III_Result r, int... polled) {
        for (int v : polled) {
            if (v == PUBLISHED) {
                r.r1++;
            } else if (v == 0) {
                r.r2++;
            } else if (v != ResultBox.NOT_READY) {
                r.r3++;
            }
        }
    }

    /** Given: a plain boolean flag. The reader can see the flag and miss the result. */
    @JCStressTest
    @Outcome(id = "[0-4], 0, 0", expect = ACCEPTABLE, desc = "Each box: not ready yet, or ready with the result.")
    @Outcome(id = "[0-4], [1-4], 0", expect = ACCEPTABLE_INTERESTING,
            desc = "Saw the flag but not the result (in this many boxes): unsafe publication.")
    @State
    public static class PlainFlag {
        final ResultBox a = new PlainFlagResult();
        final ResultBox b = new PlainFlagResult();
        final ResultBox c = new PlainFlagResult();
        final ResultBox d = new PlainFlagResult();

        @Actor
        public void producer() {
            a.publish(PUBLISHED);
            b.publish(PUBLISHED);
            c.publish(PUBLISHED);
            d.publish(PUBLISHED);
        }

        @Actor
        public void consumer(III_Result r) {
            count(r, a.poll(), b.poll(), c.poll(), d.poll());
        }
    }

    /** Your fix: a volatile flag. */
    @JCStressTest
    @Outcome(id = "[0-4], 0, 0", expect = ACCEPTABLE, desc = "Each box: not ready yet, or ready with the result.")
    @Outcome(id = "[0-4], [1-4], 0", expect = FORBIDDEN,
            desc = "Saw the flag but not the result: the flag does not publish the result.")
    @Outcome(expect = FORBIDDEN, desc = "poll() returned something other than -1 or the published 42.")
    @State
    public static class VolatileFlag {
        final ResultBox a = new VolatileFlagResult();
        final ResultBox b = new VolatileFlagResult();
        final ResultBox c = new VolatileFlagResult();
        final ResultBox d = new VolatileFlagResult();

        @Actor
        public void producer() {
            a.publish(PUBLISHED);
            b.publish(PUBLISHED);
            c.publish(PUBLISHED);
            d.publish(PUBLISHED);
        }

        @Actor
        public void consumer(III_Result r) {
            count(r, a.poll(), b.poll(), c.poll(), d.poll());
        }
    }

    /** Your fix: a CountDownLatch. */
    @JCStressTest
    @Outcome(id = "[0-4], 0, 0", expect = ACCEPTABLE, desc = "Each box: not ready yet, or ready with the result.")
    @Outcome(id = "[0-4], [1-4], 0", expect = FORBIDDEN,
            desc = "Saw the latch open but not the result: it does not publish the result.")
    @Outcome(expect = FORBIDDEN, desc = "poll() returned something other than -1 or the published 42.")
    @State
    public static class Latch {
        final ResultBox a = new LatchResult();
        final ResultBox b = new LatchResult();
        final ResultBox c = new LatchResult();
        final ResultBox d = new LatchResult();

        @Actor
        public void producer() {
            a.publish(PUBLISHED);
            b.publish(PUBLISHED);
            c.publish(PUBLISHED);
            d.publish(PUBLISHED);
        }

        @Actor
        public void consumer(III_Result r) {
            count(r, a.poll(), b.poll(), c.poll(), d.poll());
        }
    }
}
