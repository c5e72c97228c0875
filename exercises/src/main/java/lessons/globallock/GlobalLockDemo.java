package lessons.globallock;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The tutorial's experiment on the JVM: the countdown from 100 million on one thread, on two threads, and on two
 * threads that share a global lock (unfair and fair). Each is run a few times after a warm-up; the median is printed.
 * Run it: {@code java -cp exercises/target/classes lessons.globallock.GlobalLockDemo [n] [switchInterval]}
 * (after {@code ./mvnw -q compile}).
 */
public final class GlobalLockDemo {

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : Countdown.LARGE_NUMBER;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : GlobalLock.DEFAULT_SWITCH_INTERVAL;
        System.out.printf("countdown from %,d on %d cores; the lock is released every %,d steps%n",
                n, Runtime.getRuntime().availableProcessors(), every);
        GlobalLock unfair = new GlobalLock(new ReentrantLock(), every);
        GlobalLock fair = new GlobalLock(new ReentrantLock(true), every);
        time("one thread", () -> Countdown.countdown(n));
        time("two threads", () -> Countdown.onThreads(2, n));
        time("one thread, global lock", () -> unfair.onThreads(1, n));
        time("two threads, global lock", () -> unfair.onThreads(2, n));
        time("two threads, fair global lock", () -> fair.onThreads(2, n));
    }

    static void time(String what, LongSupplier work) {
        long checksum = 0;
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            checksum = work.getAsLong();
        }
        long[] nanos = new long[5];
        for (int run = 0; run < nanos.length; run++) {
            long start = System.nanoTime();
            checksum = work.getAsLong();
            nanos[run] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("  %-32s %7.3f s   (median of %d runs; checksum %d)%n", what, nanos[nanos.length / 2] / 1e9,
                nanos.length, checksum);
    }

    private GlobalLockDemo() {
    }
}
