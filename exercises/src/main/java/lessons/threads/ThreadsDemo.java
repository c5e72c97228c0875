package lessons.threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The tutorial's experiment: 16 threads each run {@code expensiveFunction} while the main thread keeps working.
 * Run it: {@code java -cp exercises/target/classes lessons.threads.ThreadsDemo} (after {@code ./mvnw -q compile}).
 */
public final class ThreadsDemo {

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        List<Callable<Long>> jobs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = 1 + random.nextInt(49);
            jobs.add(() -> {
                long sum = Threads.expensiveFunction(n, Duration.ofMillis(100));
                System.out.println("sum of " + n + " = " + sum);
                return sum;
            });
        }
        long start = System.nanoTime();
        Workers<Long> workers = Threads.startWorkers(jobs);
        Thread.sleep(1000);
        System.out.println("This code will run while threads are running");
        workers.joinAll();
        System.out.println("This code will wait until the threads are finished");
        System.out.printf("16 workers took %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    private ThreadsDemo() {
    }
}
