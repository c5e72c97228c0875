package kit.races.jcstress;

import lessons.races.ChunkOwnedResults;
import lessons.races.ClaimNextSlotResults;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Writes into a shared array: worker 0 stores the result 1, worker 1 stores the result 2, into a
 * two-slot array; the arbiter reads both slots ("slot 0, slot 1"; 0 = empty slot).
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_03_ArrayWrites</pre>
 */
public class Races_03_ArrayWrites {

    /** Given: both workers claim "the next free slot" through one plain cursor. Results get lost. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "Each result in its own slot (in either order).")
    @Outcome(id = {"1, 0", "2, 0"}, expect = ACCEPTABLE_INTERESTING,
            desc = "Lost result: both claimed slot 0, one overwrote the other, slot 1 stayed empty.")
    @State
    public static class SharedCursor {
        final ClaimNextSlotResults results = new ClaimNextSlotResults(2);

        @Actor
        public void worker0() {
            results.add(1);
        }

        @Actor
        public void worker1() {
            results.add(2);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            int[] slots = results.toArray();
            r.r1 = slots[0];
            r.r2 = slots[1];
        }
    }

    /** Your fix: each worker writes only its own chunk (one slot each here), so nothing is lost. */
    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Each worker's result in its own chunk.")
    @Outcome(id = {"1, 0", "2, 0", "0, 1", "0, 2"}, expect = FORBIDDEN,
            desc = "Lost result: the workers wrote the same slot.")
    @Outcome(id = "2, 1", expect = FORBIDDEN, desc = "Each result landed in the other worker's chunk.")
    @Outcome(expect = FORBIDDEN, desc = "Worker 0's result belongs in slot 0, worker 1's in slot 1.")
    @State
    public static class ChunkOwned {
        final ChunkOwnedResults results = new ChunkOwnedResults(2, 1);

        @Actor
        public void worker0() {
            results.add(0, 1);
        }

        @Actor
        public void worker1() {
            results.add(1, 2);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            int[] slots = results.toArray();
            r.r1 = slots[0];
            r.r2 = slots[1];
        }
    }
}
