package kit.grader.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ThreadFactory} that records what became of the threads it made: which were made ({@link #created()}),
 * which actually ran ({@link #ran()}; a thread made but never started, or run with {@code run()} on the caller's
 * thread, is not among them), and the most that ran at the same time ({@link #mostAtOnce()}).
 *
 * <pre>{@code
 * RecordingThreadFactory threads = new RecordingThreadFactory();
 * Lessons.onThreads(4, work, threads);
 * assertThat(threads.started()).as("threads started").isEqualTo(4);
 * }</pre>
 * Threads are named {@code recorded-0}, {@code recorded-1}, ... in the order made.
 */
public final class RecordingThreadFactory implements ThreadFactory {

    private final List<Thread> created = new CopyOnWriteArrayList<>();
    private final Set<Thread> ran = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public synchronized Thread newThread(Runnable work) {
        Thread[] self = new Thread[1];
        Thread thread = new Thread(() -> {
            // run() called on another thread runs the work there: that thread did not start.
            if (Thread.currentThread() != self[0]) {
                work.run();
                return;
            }
            ran.add(self[0]);
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                work.run();
            } finally {
                running.decrementAndGet();
            }
        }, "recorded-" + created.size());
        self[0] = thread;
        created.add(thread);
        return thread;
    }

    /** The threads made, in the order made. */
    public List<Thread> created() {
        return List.copyOf(created);
    }

    /** The threads made here that have started running their work. */
    public Set<Thread> ran() {
        return Set.copyOf(ran);
    }

    /** How many of the threads made here have started running their work. */
    public int started() {
        return ran.size();
    }

    /** Whether {@code thread} was made by this factory (say, the thread a piece of work ran on). */
    public boolean made(Thread thread) {
        return created.contains(thread);
    }

    /** The most threads of this factory that were running their work at the same moment. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    @Override
    public String toString() {
        return "RecordingThreadFactory[created " + created.size() + ", started " + ran.size() + ", at most "
                + mostAtOnce.get() + " at once]";
    }
}
