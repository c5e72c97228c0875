package kit.races.jcstress;

import lessons.races.AtomicCounter;
import lessons.races.Counter;
import lessons.races.LongAdderCounter;
import lessons.races.PlainCounter;
import lessons.races.SynchronizedCounter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Lost updates: two actors increment the same counter once each, at the same time; the arbiter
 * (which runs after both) reads the count. 2 is right; 1 means both read 0 and both wrote 1.
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_02_LostUpdates</pre>
 */
public class Races_02_LostUpdates {

    /** Given: count++ on a plain field. Lost updates show up. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update: both read 0 and both wrote 1.")
    @State
    public static class Plain {
        final Counter counter = new PlainCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    /** Your fix: a synchronized counter never loses an update. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the increment is not atomic.")
    @Outcome(expect = FORBIDDEN, desc = "Two increments must count 2.")
    @State
    public static class Synchronized {
        final Counter counter = new SynchronizedCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    /** Your fix: an AtomicLong counter never loses an update. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the increment is not atomic.")
    @Outcome(expect = FORBIDDEN, desc = "Two increments must count 2.")
    @State
    public static class Atomic {
        final Counter counter = new AtomicCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    /** Your fix: a LongAdder counter never loses an update. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the increment is not atomic.")
    @Outcome(expect = FORBIDDEN, desc = "Two increments must count 2.")
    @State
    public static class Adder {
        final Counter counter = new LongAdderCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }
}
