package lessons.processpool;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SerializableBiFunction;
import kit.multiprocessing.SerializableFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 06: a process pool. {@link Pool} runs tasks in other JVMs ("worker processes"): each has its own heap,
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
        // BEGIN SOLUTION submit every item with pool.submit(fn, item) first, then collect the futures' results in item order
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (A item : items) {
            futures.add(pool.submit(fn, item));
        }
        return resultsInOrder(futures);
        // END SOLUTION
    }

    /**
     * Python's {@code pool.starmap(fn, args)}: {@code fn(first, second)} for every pair, in the workers, results in
     * the order of the pairs.
     *
     * @throws ExecutionException if a task threw: the first failure in order, its cause what the task threw
     */
    public static <A, B, R> List<R> starmap(Pool pool, SerializableBiFunction<A, B, R> fn, List<Args<A, B>> args)
            throws InterruptedException, ExecutionException {
        // BEGIN SOLUTION submit every pair with pool.submit(fn, first, second) first, then collect the results in order
        List<Future<R>> futures = new ArrayList<>(args.size());
        for (Args<A, B> pair : args) {
            futures.add(pool.submit(fn, pair.first(), pair.second()));
        }
        return resultsInOrder(futures);
        // END SOLUTION
    }

    /**
     * The tutorial's {@code parallel_task}: sleeps 100 ms, prints "Running task: i", returns i * i.
     */
    public static int parallelTask(int i) {
        // BEGIN SOLUTION sleep 100 ms, print "Running task: " + i, return i * i
        sleep(100);
        System.out.println("Running task: " + i);
        return i * i;
        // END SOLUTION
    }

    /**
     * The tutorial's {@code parallel_task_with_arg}: sleeps 100 ms, prints "Running task: i, with number n",
     * returns i * number.
     */
    public static double parallelTaskWithArg(int i, double number) {
        // BEGIN SOLUTION sleep 100 ms, print "Running task: i, with number n", return i * number
        sleep(100);
        System.out.println("Running task: " + i + ", with number " + number);
        return i * number;
        // END SOLUTION
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
