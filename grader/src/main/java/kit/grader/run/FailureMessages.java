package kit.grader.run;

import kit.grader.report.Status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What a failed test is said to be, in words a student can act on: a timeout (with the threads' stacks and any
 * deadlock), an assertion, a stack overflow, a lesson that did not compile, a method not implemented yet, or anything
 * else thrown, with the first line of lesson code it came from.
 */
final class FailureMessages {

    /** How a test ended: its status, the message on the scoreboard, and the details (a stack trace, a thread dump). */
    record Ending(Status status, String message, String details) {
    }

    private FailureMessages() {
    }

    /**
     * @param reportedDeadlocks threads already named in a deadlock: a deadlock outlives its test, and later timeouts are
     *                          not its fault ({@link ThreadForensics#threadDump})
     */
    static Ending of(Throwable failure, Set<Long> reportedDeadlocks) {
        if (failure instanceof TimeoutException) {
            String dump = ThreadForensics.threadDump(reportedDeadlocks);
            String deadlock = dump.startsWith(ThreadForensics.DEADLOCK) ? " " + dump.lines().findFirst().orElse("") : "";
            return new Ending(Status.FAILED, "Timed out: " + failure.getMessage()
                    + ". Your code may hang: an endless loop, a deadlock, or a join on a thread that never ends."
                    + deadlock, dump);
        }
        if (failure instanceof AssertionError) {
            return new Ending(Status.FAILED, describe(failure), stackTrace(failure));
        }
        if (failure instanceof StackOverflowError) {
            return new Ending(Status.ERROR, "Stack overflow: a method that calls itself without end (or too deeply)?"
                    + where(failure), stackTrace(failure));
        }
        if (failure instanceof NoClassDefFoundError && String.valueOf(failure.getMessage()).startsWith("lessons/")) {
            return new Ending(Status.ERROR, "Not compiled: " + failure.getMessage() + " is missing. Fix this lesson's "
                    + "compile errors (printed near the start of the build); the other lessons are graded as usual.",
                    stackTrace(failure));
        }
        if (failure instanceof UnsupportedOperationException && String.valueOf(failure.getMessage()).startsWith("TODO")) {
            return new Ending(Status.FAILED, "Not implemented yet: " + failure.getMessage(), null);
        }
        return new Ending(Status.ERROR, describe(failure), stackTrace(failure));
    }

    /** The exception's own words, or its class when it has none: what a student reads first. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        String message = failure.getMessage();
        if (failure instanceof AssertionError && message != null) {
            return message.strip();
        }
        return failure.getClass().getName() + (message == null ? "" : ": " + message.strip()) + where(failure);
    }

    /** " (at lessons.Class.method:line)": the first frame in lesson code, if any. */
    static String where(Throwable failure) {
        return Arrays.stream(failure.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("lessons."))
                .findFirst().map(frame -> " (at " + frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber() + ")")
                .orElse("");
    }

    /** The first 60 lines of the stack trace, or null without a failure. */
    static String stackTrace(Throwable failure) {
        if (failure == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString().lines().limit(60).collect(Collectors.joining("\n"));
    }
}
