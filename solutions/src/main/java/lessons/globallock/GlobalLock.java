package lessons.globallock;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;

/**
 * Lesson 04, part 2: a global lock built by hand, the way CPython's GIL works. Every thread that wants to run a step
 * must hold the one lock; a thread gives it up every {@code switchInterval} steps so that the others get a turn
 * (CPython releases its GIL every 5 ms). Two threads then never run at the same time, whatever the cores: the
 * tutorial's two-thread countdown is no faster than one thread.
 *
 * <p>Lesson page: docs/lessons/04-global-lock.md
 */
public final class GlobalLock {

    /** Steps between releases when none is given: a few thousand, some microseconds of work. */
    public static final int DEFAULT_SWITCH_INTERVAL = 5_000;

    private final Lock lock;
    private final int switchInterval;

    /** A global lock of {@code new ReentrantLock()}, released every {@value #DEFAULT_SWITCH_INTERVAL} steps. */
    public GlobalLock() {
        this(new ReentrantLock(), DEFAULT_SWITCH_INTERVAL);
    }

    /**
     * @param lock           the one lock every counting thread must hold (the tests pass one they can watch)
     * @param switchInterval how many steps a thread runs before it releases the lock and takes it again
     */
    public GlobalLock(Lock lock, int switchInterval) {
        if (lock == null) {
            throw new IllegalArgumentException("lock must not be null");
        }
        if (switchInterval < 1) {
            throw new IllegalArgumentException("switchInterval must be >= 1, was " + switchInterval);
        }
        this.lock = lock;
        this.switchInterval = switchInterval;
    }

    public Lock lock() {
        return lock;
    }

    public int switchInterval() {
        return switchInterval;
    }

    /**
     * Counts down like {@link Countdown#countdown(long, long)}, but adds {@code step.applyAsLong(n)} for each n instead
     * of {@code mix(n)}, and runs every step while holding the lock: take the lock, run at most
     * {@code switchInterval} steps, release it, take it again for the next steps, and so on. The lock is released
     * when this returns, also when a step throws (the exception then comes out of run).
     *
     * @throws IllegalArgumentException unless 0 &lt;= downTo &lt;= from
     */
    public long run(long from, long downTo, LongUnaryOperator step) {
        // BEGIN SOLUTION count down from `from` to `downTo` adding step(n), holding the lock, released and taken again every switchInterval steps
        Countdown.requireRange(from, downTo);
        long checksum = 0;
        long n = from;
        while (n > downTo) {
            long stop = Math.max(downTo, n - switchInterval);
            lock.lock();
            try {
                while (n > stop) {
                    checksum += step.applyAsLong(n);
                    n -= 1;
                }
            } finally {
                lock.unlock();
            }
        }
        return checksum;
        // END SOLUTION
    }

    /** The countdown under this lock: {@code run(from, downTo, Countdown::mix)}. Same checksum as the countdown. */
    public long countdown(long from, long downTo) {
        return run(from, downTo, Countdown::mix);
    }

    /** The countdown from n split over {@code threads} threads that all share this lock. */
    public long onThreads(int threads, long n) {
        return onThreads(threads, n, Thread::new);
    }

    /** The same, on threads made by {@code factory}. */
    public long onThreads(int threads, long n, ThreadFactory factory) {
        return Countdown.onThreads(threads, n, this::countdown, factory);
    }
}
