package kit.grader.run;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The threads a test started and left alive. Two kinds: threads still at work (or blocked), which the grader
 * interrupts and reports as a fault, and idle workers of a thread pool (parked, waiting for a task), which a pool kept
 * on purpose has: reported as information and left alone.
 *
 * @param running     threads still at work; interrupted by {@link #settle}
 * @param idlePool    idle pool workers, not touched
 */
record LeftoverThreads(List<Thread> running, List<Thread> idlePool) {

    /** How long {@link #settle} gives threads that are ending anyway. */
    static final long GRACE_NANOS = 200_000_000L;

    /**
     * Waits up to {@link #GRACE_NANOS} for the threads started since {@code before} (other than {@code self}) to end
     * or go idle in a pool, then interrupts those still at work.
     */
    static LeftoverThreads settle(Set<Thread> before, Thread self) {
        long deadline = System.nanoTime() + GRACE_NANOS;
        LeftoverThreads found;
        do {
            found = find(before, self);
        } while (!found.running.isEmpty() && System.nanoTime() < deadline && pause());
        found.running.forEach(Thread::interrupt);
        return found;
    }

    /** The live threads not in {@code before}, other than {@code self} and the JVM's or JUnit's own. */
    static LeftoverThreads find(Set<Thread> before, Thread self) {
        List<Thread> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t != self && isStudentThread(t))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
        return new LeftoverThreads(left.stream().filter(t -> !isIdlePoolWorker(t)).toList(),
                left.stream().filter(LeftoverThreads::isIdlePoolWorker).toList());
    }

    /**
     * What to tell the student about the test called {@code test}, or null if nothing was left. The first sentence for
     * running threads is the one the grader always wrote.
     */
    String note(String test) {
        StringBuilder note = new StringBuilder();
        if (!running.isEmpty()) {
            note.append("'").append(test).append("' left ").append(running.size()).append(" thread(s) running (")
                    .append(names(running)).append("); the grader interrupted them. Join the threads you start.");
        }
        if (!idlePool.isEmpty()) {
            note.append(note.length() > 0 ? " " : "").append("For information, not a fault: '").append(test)
                    .append("' left ").append(idlePool.size()).append(" idle pool thread(s) waiting for work (")
                    .append(names(idlePool)).append("), left as they are. A pool you keep on purpose is fine; shut down ")
                    .append("a pool you no longer need.");
        }
        return note.length() == 0 ? null : note.toString();
    }

    private static String names(List<Thread> threads) {
        return threads.stream().limit(5).map(t -> '"' + t.getName() + '"').collect(Collectors.joining(", "))
                + (threads.size() > 5 ? ", ..." : "");
    }

    /**
     * A worker of a ForkJoinPool or ThreadPoolExecutor (or a pool built on them) that is parked waiting for its next
     * task: it runs no code of the test's, and its pool decides when it ends.
     */
    static boolean isIdlePoolWorker(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        return Stream.of(thread.getStackTrace()).anyMatch(frame ->
                frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor") && frame.getMethodName().equals("getTask")
                        || frame.getClassName().equals("java.util.concurrent.ForkJoinPool") && frame.getMethodName().equals("awaitWork"));
    }

    /** Not one of JUnit's, the JDK's own (process reaper, cleaners) or the common pool's, which outlive any test. */
    static boolean isStudentThread(Thread thread) {
        if (thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
            return false;
        }
        String name = thread.getName();
        ThreadGroup group = thread.getThreadGroup();
        return !name.startsWith("junit-") && !name.startsWith("process reaper")
                && (group == null || !(group.getName().equals("system") || group.getName().equals("InnocuousThreadGroup")));
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
