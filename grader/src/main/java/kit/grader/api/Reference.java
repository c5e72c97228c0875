package kit.grader.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The kit's own parallel work, to ask the machine what speedup it can show right now: the same number of
 * independent arithmetic steps on one thread, or split over several. When other programs keep the cores busy (on a
 * shared machine, Linux gives each login session a share of the CPU however many threads it runs), even this work
 * gets no faster on more threads, and a student's parallel code cannot be blamed for showing no speedup either.
 */
final class Reference {

    /** About 20-40 ms of work on one thread of a current laptop. */
    public static final long DEFAULT_STEPS = 24_000_000L;

    private Reference() {
    }

    /** {@code steps} steps on the calling thread; returns what they computed. */
    public static Workload oneThread(long steps) {
        return () -> spin(steps, 1);
    }

    /** The same steps split over {@code threads} new threads, all started before any is joined. */
    public static Workload threads(int threads, long steps) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return () -> {
            long[] results = new long[threads];
            List<Thread> workers = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers.add(new Thread(() -> results[index] = spin(steps / threads, index + 1), "kit-reference-" + t));
            }
            workers.forEach(Thread::start);
            for (Thread worker : workers) {
                worker.join();
            }
            long sum = 0;
            for (long result : results) {
                sum += result;
            }
            return sum;
        };
    }

    /** A linear congruential generator stepped {@code steps} times: each step needs the one before, none can be skipped. */
    static long spin(long steps, long seed) {
        long x = seed;
        for (long i = 0; i < steps; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
