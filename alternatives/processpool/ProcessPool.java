package lessons.processpool;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SerializableBiFunction;
import kit.multiprocessing.SerializableFunction;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Alternative (a stream of futures, an iterator to collect them). Lesson 06: a process pool. {@link Pool} runs tasks in other JVMs ("worker processes"): each has its own heap,
 * its own static fields and its own cores, like Python's {@code multiprocessing.Pool}. Functions and arguments
 * travel to the workers serialized, results come back the same way.
 *
 * <p>The pool gives you {@code submit}; you build Python's {@code map} and {@code starmap} on top of it.
 * Lesson page: docs/lessons/06-process-pool.md
 */
public final class ProcessPool {

    private ProcessPool() {
    }

    /**
     * Python's {@code pool.map(fn, items)}: {@code fn} applied to every item in the pool's workers, all submitted
     * before any result is awaited, the results in the order of the items whatever order the tasks finish in.
     *
     * @throws ExecutionException if a task threw: the first failure in item order, its cause what the task threw
     */
    public static <A, R> List<R> map(Pool pool, SerializableFunction<A, R> fn, List<A> items)
            throws InterruptedException, ExecutionException {
        // Alternative: the futures from a stream (a list, so every task is submitted before the first join).
        List<Future<R>> futures = items.stream().map(item -> pool.submit(fn, item)).toList();
        return getInOrder(futures);
    }

    /**
     * Python's {@code pool.starmap(fn, args)}: {@code fn(first, second)} for every pair, in the workers, results in
     * the order of the pairs.
     *
     * @throws ExecutionException if a task threw: the first failure in order, its cause what the task threw
     */
    public static <A, B, R> List<R> starmap(Pool pool, SerializableBiFunction<A, B, R> fn, List<Args<A, B>> args)
            throws InterruptedException, ExecutionException {
        List<Future<R>> futures = new ArrayList<>();
        args.forEach(pair -> futures.add(pool.submit(fn, pair.first(), pair.second())));
        return getInOrder(futures);
    }

    /**
     * The tutorial's {@code parallel_task}: sleeps 100 ms, prints "Running task: i", returns i * i.
     */
    public static int parallelTask(int i) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf("Running task: %d%n", i);
        return i * i;
    }

    /**
     * The tutorial's {@code parallel_task_with_arg}: sleeps 100 ms, prints "Running task: i, with number n",
     * returns i * number.
     */
    public static double parallelTaskWithArg(int i, double number) {
        sleep(100);
        System.out.println("Running task: " + i + ", with number " + number);
        return i * number;
    }

    /** Alternative: a stream over the futures, a failed task's ExecutionException let through unchanged. */
    static <R> List<R> getInOrder(List<Future<R>> futures) throws InterruptedException, ExecutionException {
        List<R> results = new ArrayList<>();
        Iterator<Future<R>> next = futures.iterator();
        try {
            while (next.hasNext()) {
                results.add(next.next().get());
            }
        } finally {
            next.forEachRemaining(f -> f.cancel(false));
        }
        return results;
    }

    /** Waits for each future in turn; the list keeps the order in which the tasks were submitted. */
    static <R> List<R> resultsInOrder(List<Future<R>> futures) throws InterruptedException, ExecutionException {
        List<R> results = new ArrayList<>(futures.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            throw e;
        }
        return results;
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
