package lessons.threads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Jobs running on threads of their own, started by {@link Threads#startWorkers}. Each job writes only its own
 * slot of the results; {@code join()} makes those writes visible to the thread that joined, which is why the
 * results may be read without a lock once every thread has been joined.
 */
public final class Workers<T> {

    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final Object[] results;
    private final Throwable[] failures;

    /** Room for the results of {@code jobs} jobs; {@link #add} the threads that run them. */
    public Workers(int jobs) {
        this.results = new Object[jobs];
        this.failures = new Throwable[jobs];
    }

    /** Keeps a thread that runs one of the jobs; call it in job order. */
    public void add(Thread thread) {
        threads.add(thread);
    }

    /** Runs job number {@code slot} on the calling thread and keeps its result, or what it threw. */
    public void run(int slot, Callable<? extends T> job) {
        try {
            results[slot] = job.call();
        } catch (Throwable failure) {
            failures[slot] = failure;
        }
    }

    /** The threads, in job order. */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** True once every thread has ended. Never waits. */
    public boolean isFinished() {
        // BEGIN SOLUTION true when no thread is still alive
        return threads().stream().noneMatch(Thread::isAlive);
        // END SOLUTION
    }

    /**
     * Waits for every thread to end and returns the results in job order.
     *
     * @throws ExecutionException if a job threw; its exception is the cause
     */
    @SuppressWarnings("unchecked")
    public List<T> joinAll() throws InterruptedException, ExecutionException {
        // BEGIN SOLUTION join every thread, then return the results in job order (a failed job: ExecutionException)
        for (Thread thread : threads()) {
            thread.join();
        }
        List<T> inOrder = new ArrayList<>(results.length);
        for (int slot = 0; slot < results.length; slot++) {
            if (failures[slot] != null) {
                throw new ExecutionException("job " + slot + " failed", failures[slot]);
            }
            inOrder.add((T) results[slot]);
        }
        return inOrder;
        // END SOLUTION
    }
}
