package kit.grader.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReentrantLock} that counts how it is used: how often it was taken ({@link #acquisitions()}), by which
 * threads ({@link #acquisitionsBy(Thread)}, {@link #takenBy()}), and, where the test marks its steps with
 * {@link #step()}, the most steps done in one hold ({@link #mostStepsInOneHold()}). Hand it to code that must take a
 * lock, then assert on the counts.
 *
 * <pre>{@code
 * CountingLock lock = new CountingLock();
 * new GlobalLock(lock, 100).run(1_000, 0, n -> { lock.step(); return n; });
 * assertThat(lock.acquisitions()).as("times the lock was taken").isBetween(10L, 11L);
 * assertThat(lock.mostStepsInOneHold()).as("steps in one hold").isLessThanOrEqualTo(100);
 * }</pre>
 * A reentrant acquisition counts as one more. A failed {@code tryLock} counts nothing.
 */
public final class CountingLock implements Lock {

    private final ReentrantLock inner;
    private final AtomicLong acquisitions = new AtomicLong();
    private final Map<Thread, Long> acquisitionsBy = new ConcurrentHashMap<>();
    /** Written only by the thread that holds the lock. */
    private int stepsThisHold;
    private volatile int mostStepsInOneHold;

    /** An unfair lock, as {@code new ReentrantLock()}. */
    public CountingLock() {
        this(false);
    }

    /** A fair lock hands itself to the thread that waited longest (mostly): threads take turns. */
    public CountingLock(boolean fair) {
        this.inner = new ReentrantLock(fair);
    }

    private void taken() {
        acquisitions.incrementAndGet();
        acquisitionsBy.merge(Thread.currentThread(), 1L, Long::sum);
        stepsThisHold = 0;
    }

    @Override
    public void lock() {
        inner.lock();
        taken();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        inner.lockInterruptibly();
        taken();
    }

    @Override
    public boolean tryLock() {
        boolean got = inner.tryLock();
        if (got) {
            taken();
        }
        return got;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        boolean got = inner.tryLock(time, unit);
        if (got) {
            taken();
        }
        return got;
    }

    @Override
    public void unlock() {
        if (inner.isHeldByCurrentThread()) {
            mostStepsInOneHold = Math.max(mostStepsInOneHold, stepsThisHold);
        }
        inner.unlock();
    }

    @Override
    public Condition newCondition() {
        return inner.newCondition();
    }

    /**
     * Notes one step of work done under the lock, for {@link #mostStepsInOneHold()}. Call it only while holding the
     * lock (check {@link #isHeldByCurrentThread()} first where that is what the test asks); returns whether it was.
     */
    public boolean step() {
        if (!inner.isHeldByCurrentThread()) {
            return false;
        }
        stepsThisHold++;
        return true;
    }

    /** Times the lock was taken, by any thread. */
    public long acquisitions() {
        return acquisitions.get();
    }

    /** Times {@code thread} took the lock (0 if never). */
    public long acquisitionsBy(Thread thread) {
        return acquisitionsBy.getOrDefault(thread, 0L);
    }

    /** The threads that took the lock at least once. */
    public Set<Thread> takenBy() {
        return Set.copyOf(acquisitionsBy.keySet());
    }

    /** The most {@link #step()}s done in one hold, over the holds that have ended. */
    public int mostStepsInOneHold() {
        return mostStepsInOneHold;
    }

    public boolean isHeldByCurrentThread() {
        return inner.isHeldByCurrentThread();
    }

    public boolean isLocked() {
        return inner.isLocked();
    }

    /** Whether a thread is waiting to take the lock. */
    public boolean hasQueuedThreads() {
        return inner.hasQueuedThreads();
    }

    @Override
    public String toString() {
        return "CountingLock[taken " + acquisitions.get() + " times by " + acquisitionsBy.size() + " threads"
                + (inner.isLocked() ? ", locked" : "") + "]";
    }
}
