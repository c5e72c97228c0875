package kit.grader.api;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A meeting of {@code parties} threads: each calls {@link #arrive()} and waits, at most the timeout, for the others.
 * Only work that runs at the same time as the rest can meet them, so a rendezvous proves concurrency where a timing
 * cannot: work run one piece after another waits in vain, and says so in what it returns.
 *
 * <pre>{@code
 * Rendezvous allHere = new Rendezvous(4);
 * long met = Lessons.onThreads(4, (from, to) -> allHere.arrive());   // each chunk returns 1 if all 4 met
 * assertThat(met).as("chunks that met the others: %s", allHere).isEqualTo(4);
 * }</pre>
 * It never throws into the code under test: a party that waited in vain, was interrupted (its interrupt flag stays
 * set) or found the meeting already broken gets 0 (or false), and the counts say what happened. Once one party has
 * waited in vain the meeting is broken and every later arrival gets 0 at once, so a serial run costs one timeout,
 * not one per party.
 */
public final class Rendezvous {

    /** How long a party waits for the others unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final int parties;
    private final Duration timeout;
    private final CyclicBarrier barrier;
    private final AtomicInteger met = new AtomicInteger();
    private final AtomicInteger inVain = new AtomicInteger();

    /** A meeting of {@code parties} that each wait up to {@link #DEFAULT_TIMEOUT} for the others. */
    public Rendezvous(int parties) {
        this(parties, DEFAULT_TIMEOUT);
    }

    public Rendezvous(int parties, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("a rendezvous needs at least 1 party, was " + parties);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
        }
        this.parties = parties;
        this.timeout = timeout;
        this.barrier = new CyclicBarrier(parties);
    }

    /** Waits for all parties: 1 if they all arrived within the timeout, else 0 (a count a workload can return). */
    public int arrive() {
        return await() ? 1 : 0;
    }

    /** Waits for all parties: true if they all arrived within the timeout. */
    public boolean await() {
        try {
            barrier.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            met.incrementAndGet();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            // waited in vain: the others did not come in time, or one of them had already given up
        }
        inVain.incrementAndGet();
        return false;
    }

    public int parties() {
        return parties;
    }

    /** Arrivals that met all the others. */
    public int met() {
        return met.get();
    }

    /** Arrivals that waited in vain (timed out, interrupted, or found the meeting broken). */
    public int inVain() {
        return inVain.get();
    }

    /** For a failure message: "3 of 4 parties arrived; 0 met, 3 waited in vain (5 s each at most)". */
    @Override
    public String toString() {
        int arrived = met.get() + inVain.get();
        return arrived + " of " + parties + (parties == 1 ? " party" : " parties") + " arrived; " + met.get() + " met, "
                + inVain.get() + " waited in vain (" + describe(timeout) + " each at most)";
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
