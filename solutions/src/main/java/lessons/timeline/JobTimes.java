package lessons.timeline;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one job of the experiment recorded: the tutorial's array of {@code time.time()} values, plus who ran it.
 *
 * @param job      the job's number, 0 to jobs - 1
 * @param pid      the process that ran it ({@code ProcessHandle.current().pid()} in that process)
 * @param thread   the name of the thread that ran it
 * @param times    one timestamp per iteration, in the order they were taken: nanoseconds since the epoch, from
 *                 {@link Timeline#now()}, so that timestamps taken in different processes can be compared
 * @param checksum the sum of the iterations' work, so that the JIT cannot drop the work
 */
public record JobTimes(int job, long pid, String thread, long[] times, long checksum) implements Serializable {

    /** The first timestamp (the job's start as far as we can see it); needs at least one. */
    public long first() {
        return times[0];
    }

    /** The last timestamp. */
    public long last() {
        return times[times.length - 1];
    }

    @Override
    public String toString() {
        String span = times.length == 0 ? "no timestamps"
                : times.length + " timestamps, " + (last() - first()) / 1_000_000 + " ms from first to last";
        return "job " + job + " (pid " + pid + ", " + thread + ": " + span + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobTimes that && job == that.job && pid == that.pid && thread.equals(that.thread)
                && Arrays.equals(times, that.times) && checksum == that.checksum;
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(job) + Arrays.hashCode(times);
    }
}
