package lessons.races;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lesson 3, races: the fixes hammered by many threads. (jcstress, in {@link RacesJcstressTest}, proves
 * the same fixes against every interleaving it can provoke; these tests check them the plain way.)
 */
@Lesson(id = "03", title = "Races")
class RacesTest {

    static final int THREADS = 4;
    static volatile boolean abort;

    // ---------------------------------------------------------------- MyObject: ordering

    /** A MyObject that records which thread wrote and read, and whether the write was over before the read began. */
    static final class RecordingObject extends MyObject {
        /**
         * How long write() takes. A fast write is often over before a reader started right after the writer gets to
         * run, and the race hides; a reader started before the writer is joined starts well within this slow one.
         */
        static final int WRITE_MILLIS = 10;

        volatile Thread writer;
        volatile Thread reader;
        volatile boolean writeDone;
        volatile boolean readStartedBeforeWriteDone;

        @Override
        public void write() {
            writer = Thread.currentThread();
            try {
                Thread.sleep(WRITE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write();
            writeDone = true;
        }

        @Override
        public int read() {
            reader = Thread.currentThread();
            readStartedBeforeWriteDone |= !writeDone;
            return super.read();
        }
    }

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("Start the writer thread and join() it before you start the reader thread; return what the reader saw.")
    void runInOrder_reads_only_after_the_write_on_two_other_threads() throws Exception {
        Thread caller = Thread.currentThread();
        for (int i = 0; i < 50; i++) {
            RecordingObject obj = new RecordingObject();
            int seen = MyObjectInOrder.runInOrder(obj);
            assertThat(obj.readStartedBeforeWriteDone).as("run %d: read() started before write() had finished (\"reading...\")", i)
                    .isFalse();
            assertThat(seen).as("run %d: the value runInOrder returned", i).isEqualTo(MyObject.WRITTEN);
            assertThat(obj.writer).as("run %d: write() must run on a thread of its own, not on the caller", i)
                    .isNotNull().isNotSameAs(caller);
            assertThat(obj.reader).as("run %d: read() must run on a thread of its own, not on the caller", i)
                    .isNotNull().isNotSameAs(caller).isNotSameAs(obj.writer);
        }
    }

    @Test
    @Points(2)
    @Timeout(20)
    @Hint("write(): write, then countDown() the latch. read(): await() the latch, then read. One CountDownLatch(1) field.")
    void latchedMyObject_reader_started_first_waits_for_the_writer() throws Exception {
        for (int i = 0; i < 50; i++) {
            LatchedMyObject obj = new LatchedMyObject();
            AtomicInteger seen = new AtomicInteger(-100);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = daemon("reader", () -> {
                try {
                    seen.set(obj.read());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            if (i % 10 == 0) {
                // Give the reader time to run ahead: it must still be waiting.
                reader.join(50);
                rethrow(failure.get());
                assertThat(reader.isAlive()).as("read() returned (%d) before anyone called write(): it must wait", seen.get())
                        .isTrue();
            }
            Thread writer = daemon("writer", obj::write);
            writer.start();
            writer.join(5_000);
            reader.join(5_000);
            rethrow(failure.get());
            assertThat(reader.isAlive()).as("read() still waits after write() returned: does write() open the latch?").isFalse();
            assertThat(seen.get()).as("run %d: what read() returned", i).isEqualTo(MyObject.WRITTEN);
        }
    }

    // ---------------------------------------------------------------- counters: lost updates

    @Test
    @Points(1)
    @Timeout(30)
    @Hint("Put count++ in a synchronized block (or make the methods synchronized); get() must take the same lock.")
    void synchronizedCounter_loses_no_updates_under_contention() throws Exception {
        assertNoLostUpdates(SynchronizedCounter::new);
    }

    @Test
    @Points(1)
    @Timeout(30)
    @Hint("A private final AtomicLong field; increment() calls incrementAndGet(), get() calls get().")
    void atomicCounter_loses_no_updates_under_contention() throws Exception {
        assertNoLostUpdates(AtomicCounter::new);
    }

    @Test
    @Points(1)
    @Timeout(30)
    @Hint("A private final LongAdder field; increment() calls increment(), get() returns sum().")
    void longAdderCounter_loses_no_updates_under_contention() throws Exception {
        assertNoLostUpdates(LongAdderCounter::new);
    }

    private static void assertNoLostUpdates(Supplier<Counter> counters) throws Exception {
        for (int round = 0; round < 4; round++) {
            Counter counter = counters.get();
            long[] calls = new long[THREADS];
            // Every thread counts for the same 300 ms, not a fixed number of times: a thread with a fixed share may
            // finish it within one time slice on a busy machine, alone, and a racy count++ then loses nothing.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            runTogether(THREADS, worker -> {
                long mine = 0;
                do {
                    for (int i = 0; i < 1_000 && !abort; i++) {
                        // The volatile read keeps the JIT from turning a racy count++ loop into one
                        // "count += 1000" at the end, which would hide the race in this test.
                        counter.increment();
                        mine++;
                    }
                } while (System.nanoTime() < deadline && !abort);
                calls[worker] = mine;
            });
            long expected = Arrays.stream(calls).sum();
            assertThat(counter.get()).as("%d threads called increment() %,d times in all (round %d): lost updates are missing "
                    + "from the count", THREADS, expected, round).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- array writes

    @Test
    @Points(1)
    @Timeout(30)
    @Hint("Worker w writes slot w * perWorker + filled[w] and then counts filled[w] up; throw IllegalStateException when filled[w] == perWorker.")
    void chunkOwnedResults_keeps_every_result_in_its_workers_chunk() throws Exception {
        int perWorker = 50_000;
        ChunkOwnedResults results = new ChunkOwnedResults(THREADS, perWorker);
        runTogether(THREADS, worker -> {
            for (int i = 0; i < perWorker; i++) {
                results.add(worker, worker * 1_000_000 + i + 1);
            }
        });
        int[] slots = results.toArray();
        assertThat(slots).as("toArray(): %d workers x %d slots", THREADS, perWorker).hasSize(THREADS * perWorker);
        for (int w = 0; w < THREADS; w++) {
            int[] chunk = Arrays.copyOfRange(slots, w * perWorker, (w + 1) * perWorker);
            int[] expected = new int[perWorker];
            for (int i = 0; i < perWorker; i++) {
                expected[i] = w * 1_000_000 + i + 1;
            }
            assertThat(chunk).as("worker %d's chunk: its own results, in the order it added them, none lost", w)
                    .containsExactly(expected);
        }
        assertThatThrownBy(() -> results.add(0, 7)).as("adding to a full chunk").isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- check-then-act

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("The check (balance >= amount) and the act (balance -= amount) must happen under one lock, as one step.")
    void safeAccount_is_never_overdrawn_and_pays_out_exactly_its_balance() throws Exception {
        // First, the race made certain: while this test holds the account's lock, two withdrawals start. A withdraw()
        // that checks the balance before it takes the lock has already seen "1 >= 1" when it blocks, so both pay out.
        for (int round = 0; round < 5; round++) {
            SafeAccount account = new SafeAccount(1);
            AtomicInteger paid = new AtomicInteger();
            List<Thread> withdrawers = new ArrayList<>();
            synchronized (account) {
                for (int w = 0; w < 2; w++) {
                    Thread t = daemon("withdrawer-" + w, () -> {
                        if (account.withdraw(1)) {
                            paid.incrementAndGet();
                        }
                    });
                    withdrawers.add(t);
                    t.start();
                }
                // Both are blocked on the lock we hold (or done, if the solution locks something else).
                await().atMost(Duration.ofSeconds(10)).until(() -> withdrawers.stream()
                        .allMatch(t -> t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TERMINATED));
            }
            for (Thread t : withdrawers) {
                t.join(5_000);
            }
            assertThat(paid.get()).as("round %d: two withdrawals of 1 from an account holding 1, started while another thread "
                    + "held the account's lock: successful ones (2 means both checked the balance before taking the lock)", round)
                    .isEqualTo(1);
            assertThat(account.balance()).as("round %d: the balance afterwards", round).isZero();
        }
        // Then the plain way: racers withdraw 1 from the same account at the same moment, account after account.
        int accounts = 100_000;
        SafeAccount[] bank = new SafeAccount[accounts];
        for (int i = 0; i < accounts; i++) {
            bank[i] = new SafeAccount(1);
        }
        AtomicInteger paid = new AtomicInteger();
        inLockstep(accounts, (racer, i) -> {
            if (bank[i].withdraw(1)) {
                paid.incrementAndGet();
            }
        });
        long overdrawn = Arrays.stream(bank).filter(a -> a.balance() != 0).count();
        assertThat(paid.get()).as("%d racers withdrew 1 from each of %,d accounts holding 1, together: successful withdrawals "
                + "(more means an account paid out twice)", RACERS, accounts).isEqualTo(accounts);
        assertThat(overdrawn).as("accounts whose final balance is not 0").isZero();
        SafeAccount small = new SafeAccount(100);
        assertThat(small.withdraw(60)).as("withdraw 60 from 100").isTrue();
        assertThat(small.withdraw(60)).as("withdraw 60 from 40").isFalse();
        assertThat(small.balance()).isEqualTo(40);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("One atomic map operation: putIfAbsent(seat, owner) returns null exactly when this caller got the seat.")
    void atomicSeatRegistry_gives_each_seat_to_exactly_one_claimer() throws Exception {
        int seats = 100_000;
        AtomicSeatRegistry registry = new AtomicSeatRegistry();
        Set<String>[] won = newSets(RACERS);
        inLockstep(seats, (racer, s) -> {
            if (registry.claim("seat-" + s, "owner-" + racer)) {
                won[racer].add("seat-" + s);
            }
        });
        int told = 0;
        for (int r = 0; r < RACERS; r++) {
            told += won[r].size();
            for (String seat : won[r]) {
                assertThat(registry.ownerOf(seat)).as("the owner of %s, which owner-%d was told it got", seat, r)
                        .contains("owner-" + r);
            }
        }
        assertThat(told).as("claims that were told \"yes\" when %d racers claimed each of %,d seats together "
                + "(more: a seat was given twice)", RACERS, seats).isEqualTo(seats);
        assertThat(registry.ownerOf("no-such-seat")).isEmpty();
    }

    // ---------------------------------------------------------------- publication

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("Make the ready flag volatile; publish(): result first, then ready = true; poll(): read ready first, then result.")
    void volatileFlagResult_publishes_through_a_volatile_flag_and_a_spinning_reader_sees_it() throws Exception {
        boolean hasVolatileFlag = Arrays.stream(VolatileFlagResult.class.getDeclaredFields())
                .anyMatch(f -> f.getType() == boolean.class && Modifier.isVolatile(f.getModifiers()));
        assertThat(hasVolatileFlag).as("VolatileFlagResult has a volatile boolean flag").isTrue();
        assertPublishes(VolatileFlagResult::new);
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("publish(): result first, then countDown(). poll(): return the result only if await(0, TimeUnit.NANOSECONDS) is true; "
            + "on InterruptedException restore the flag (Thread.currentThread().interrupt()) and return NOT_READY.")
    void latchResult_publishes_through_a_latch_and_a_spinning_reader_sees_it() throws Exception {
        boolean hasLatch = Arrays.stream(LatchResult.class.getDeclaredFields())
                .map(Field::getType).anyMatch(CountDownLatch.class::equals);
        assertThat(hasLatch).as("LatchResult has a CountDownLatch field").isTrue();
        assertPublishes(LatchResult::new);
        // A poll() on an interrupted thread: the latch's await throws InterruptedException, which takes the flag down.
        LatchResult box = new LatchResult();
        Thread.currentThread().interrupt();
        int polled;
        boolean stillInterrupted;
        try {
            polled = box.poll();
        } finally {
            stillInterrupted = Thread.interrupted(); // and clear it again
        }
        assertThat(polled).as("poll() on an interrupted thread, before publish()").isEqualTo(ResultBox.NOT_READY);
        assertThat(stillInterrupted).as("the thread's interrupt flag after that poll(): restore it when you catch "
                + "InterruptedException").isTrue();
    }

    /**
     * Before publish: NOT_READY. After: the result, forever. And a reader that spins on poll() while the
     * result is published from another thread ends and sees it: with a plain flag the JIT may hoist the
     * flag's read out of the loop and spin forever.
     */
    private static void assertPublishes(Supplier<ResultBox> boxes) throws Exception {
        ResultBox single = boxes.get();
        assertThat(single.poll()).as("poll() before publish()").isEqualTo(ResultBox.NOT_READY);
        single.publish(7);
        assertThat(single.poll()).as("poll() after publish(7)").isEqualTo(7);
        assertThat(single.poll()).as("poll() again").isEqualTo(7);

        for (int round = 0; round < 10; round++) {
            ResultBox box = boxes.get();
            int value = 1_000 + round;
            AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch spinning = new CountDownLatch(1);
            Thread reader = daemon("spinning-reader", () -> {
                try {
                    spinning.countDown();
                    int v;
                    while ((v = box.poll()) == ResultBox.NOT_READY) {
                        Thread.onSpinWait();
                    }
                    seen.set(v);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            spinning.await();
            Thread.sleep(20);      // let the spin loop get hot (and compiled)
            box.publish(value);
            reader.join(5_000);
            rethrow(failure.get());
            assertThat(reader.isAlive()).as("round %d: a reader spinning on poll() never saw the published result", round)
                    .isFalse();
            assertThat(seen.get()).as("round %d: what the spinning reader saw", round).isEqualTo(value);
        }
    }

    // ---------------------------------------------------------------- helpers

    interface Work {
        void run(int worker) throws Exception;
    }

    /** Runs work(0..n-1) on n threads released together, joins them, rethrows the first failure. */
    static void runTogether(int n, Work work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < n; w++) {
            int worker = w;
            threads.add(daemon("worker-" + w, () -> {
                try {
                    go.await();
                    work.run(worker);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(t.isAlive()).as("%s still runs after 20 s", t.getName()).isFalse();
        }
        rethrow(failure.get());
    }

    /** Racers for {@link #inLockstep}: one per core (at least 2, at most THREADS), since they spin while they wait. */
    static final int RACERS = Math.max(2, Math.min(THREADS, Runtime.getRuntime().availableProcessors()));

    interface Step {
        void run(int racer, int item) throws Exception;
    }

    /**
     * Runs step(racer, item) for items 0..items-1 on RACERS threads that move in lockstep: no racer starts item i + 1
     * before all have finished item i, so they all hit the same item at nearly the same moment. Racers that walk the
     * items freely drift apart, and a check-then-act race then hides; in lockstep it shows within a few thousand items.
     */
    static void inLockstep(int items, Step step) throws Exception {
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();   // so the others stop waiting for a racer whose step threw
        runTogether(RACERS, racer -> {
            for (int i = 0; i < items && !abort; i++) {
                try {
                    step.run(racer, i);
                } catch (Throwable t) {
                    failed.set(true);
                    throw t;
                }
                finished.incrementAndGet();
                int everyone = (i + 1) * RACERS;
                for (int spins = 0; finished.get() < everyone && !failed.get(); spins++) {
                    if (spins < 10_000) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();   // a racer was descheduled: let it run
                    }
                }
            }
        });
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);   // a hung student thread must not keep the test JVM alive
        return t;
    }

    static void rethrow(Throwable t) throws Exception {
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    static Set<String>[] newSets(int n) {
        Set<String>[] sets = new Set[n];
        for (int i = 0; i < n; i++) {
            sets[i] = ConcurrentHashMap.newKeySet();
        }
        return sets;
    }
}
