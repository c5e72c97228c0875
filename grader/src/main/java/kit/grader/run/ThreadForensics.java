package kit.grader.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Set;

/** What the threads of a lesson's JVM were doing when a test timed out: their stacks, and a deadlock named first. */
final class ThreadForensics {

    static final String DEADLOCK = "DEADLOCK between threads:";

    private ThreadForensics() {
    }

    /**
     * The threads' stacks right after a timeout, the deadlocked ones named first. A deadlock stays for the rest of
     * the lesson (no one can break it): only those not named before, in {@code reported}, are named again.
     */
    static String threadDump(Set<Long> reported) {
        var threads = ManagementFactory.getThreadMXBean();
        StringBuilder dump = new StringBuilder();
        long[] deadlocked = threads.findDeadlockedThreads();
        long[] fresh = deadlocked == null ? new long[0] : Arrays.stream(deadlocked).filter(reported::add).toArray();
        if (fresh.length > 0) {
            dump.append(DEADLOCK);
            for (ThreadInfo info : threads.getThreadInfo(fresh)) {
                dump.append(" \"").append(info.getThreadName()).append("\" waits for ").append(info.getLockName())
                        .append(" held by \"").append(info.getLockOwnerName()).append("\";");
            }
            dump.append("\n\n");
        }
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            dump.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, 24); i++) {
                dump.append("    at ").append(stack[i]).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}
