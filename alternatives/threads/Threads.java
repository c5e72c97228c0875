package lessons.threads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/** Alternative: a while loop with Thread.sleep, and threads from a factory that gives all of them one name. */
public final class Threads {

    private Threads() {
    }

    public static long expensiveFunction(int n, Duration pause) throws InterruptedException {
        if (n < 0) {
            throw new IllegalArgumentException("negative n: " + n);
        }
        long counter = 0;
        int i = 0;
        while (i < n) {
            Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
            counter += i++;
        }
        return counter;
    }

    public static <T> Workers<T> startWorkers(List<? extends Callable<? extends T>> jobs) {
        ThreadFactory sameName = work -> new Thread(work, "worker");
        Workers<T> workers = new Workers<>(jobs.size());
        int slot = 0;
        for (Callable<? extends T> job : jobs) {
            int mine = slot++;
            Thread thread = sameName.newThread(() -> workers.run(mine, job));
            workers.add(thread);
        }
        workers.threads().forEach(Thread::start);
        return workers;
    }
}
