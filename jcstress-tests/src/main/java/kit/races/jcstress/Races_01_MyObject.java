package kit.races.jcstress;

import lessons.races.LatchedMyObject;
import lessons.races.MyObject;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The tutorial's race: one actor calls write() (property = 5), the other calls read() at the same
 * time. jcstress runs the pair millions of times, each time on a fresh object, and counts what
 * the reader saw. The result is the value read: 5, or 0 ("reading..." in the tutorial).
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_01_MyObject</pre>
 */
public class Races_01_MyObject {

    /** Given: MyObject itself. Both outcomes show up: who runs first is up to the scheduler. */
    @JCStressTest
    @Outcome(id = "5", expect = ACCEPTABLE, desc = "read() ran after write() and saw 5.")
    @Outcome(id = "0", expect = ACCEPTABLE_INTERESTING,
            desc = "read() ran first (or missed the write): the tutorial prints \"reading...\".")
    @State
    public static class Racy {
        final MyObject obj = new MyObject();

        @Actor
        public void writer() {
            obj.write();
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = obj.read();
        }
    }

    /** Your fix: LatchedMyObject's reader waits for the writer, so 0 must never be read. */
    @JCStressTest
    @Outcome(id = "5", expect = ACCEPTABLE, desc = "The reader waited for the write and saw 5.")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "The reader did not wait: \"reading...\" (the race is still there).")
    @Outcome(id = "-1", expect = FORBIDDEN, desc = "read() was interrupted.")
    @Outcome(expect = FORBIDDEN, desc = "Neither 0 nor 5: read() must return what write() wrote.")
    @State
    public static class Latched {
        final LatchedMyObject obj = new LatchedMyObject();

        @Actor
        public void writer() {
            obj.write();
        }

        @Actor
        public void reader(I_Result r) {
            try {
                r.r1 = obj.read();
            } catch (InterruptedException e) {
                r.r1 = -1;
            }
        }
    }
}
