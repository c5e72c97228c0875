package lessons.threads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Alternative: a latch counted down by every job replaces the joins; results in an AtomicReferenceArray. */
public final class Workers<T> {

    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReferenceArray<Object> results;
    private final AtomicReferenceArray<Throwable> failures;
    private final CountDownLatch done;

    public Workers(int jobs) {
        this.results = new AtomicReferenceArray<>(jobs);
        this.failures = new AtomicReferenceArray<>(jobs);
        this.done = new CountDownLatch(jobs);
    }

    public void add(Thread thread) {
        threads.add(thread);
    }

    public void run(int slot, Callable<? extends T> job) {
        try {
            results.set(slot, job.call());
        } catch (Throwable failure) {
            failures.set(slot, failure);
        } finally {
            done.countDown();
        }
    }

    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Every job has counted down, and its thread has returned from run. */
    public boolean isFinished() {
        return done.getCount() == 0 && threads().stream().noneMatch(Thread::isAlive);
    }

    @SuppressWarnings("unchecked")
    public List<T> joinAll() throws InterruptedException, ExecutionException {
        done.await();
        // Every job has counted down, but a thread may still be between countDown() and its end: join them all before
        // reporting anything, a failure included, so that no thread outlives joinAll().
        for (Thread thread : threads()) {
            thread.join();
        }
        List<T> inOrder = new ArrayList<>(results.length());
        for (int slot = 0; slot < results.length(); slot++) {
            if (failures.get(slot) != null) {
                throw new ExecutionException("job " + slot + " failed", failures.get(slot));
            }
            inOrder.add((T) results.get(slot));
        }
        return inOrder;
    }
}
