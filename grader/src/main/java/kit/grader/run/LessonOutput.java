package kit.grader.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A lesson JVM's output on the supervisor's: stdout and stderr together, up to a limit, past it only counted. Its
 * stdout also carries the engine's events, each on a line after the run's secret token ({@link Channel}): those go to
 * the lesson's {@link LessonRecord}, never to the console, and a line without the token is only output, whatever it
 * looks like.
 */
final class LessonOutput {

    /** A line of output longer than this is passed on in pieces (an event line is far shorter). */
    static final int MAX_LINE = 1 << 20;

    private final PrintStream out;
    private final long limit;
    private long written;
    private long dropped;

    LessonOutput(PrintStream out, long limit) {
        this.out = out;
        this.limit = limit;
    }

    /** Splits the lesson's stdout into the engine's events (after the token) and output (everything else). */
    void pumpEvents(InputStream in, String token, LessonRecord record) {
        byte[] mark = (token + " ").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    line.write(buffer[i]);
                    if (buffer[i] == '\n' || line.size() >= MAX_LINE) {
                        takeLine(line.toByteArray(), mark, record);
                        line.reset();
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone; what it wrote so far has been taken
        }
        if (line.size() > 0) {
            takeLine(line.toByteArray(), mark, record);
        }
        flush();
    }

    private void takeLine(byte[] line, byte[] mark, LessonRecord record) {
        int at = indexOf(line, mark);
        if (at < 0) {
            write(line, 0, line.length);
            return;
        }
        if (at > 0) {
            write(line, 0, at);
            write(new byte[]{'\n'}, 0, 1);
        }
        String json = new String(line, at + mark.length, line.length - at - mark.length, StandardCharsets.US_ASCII).strip();
        Channel.Event event = Channel.Event.parse(json);
        if (event != null && event.type() != null) {
            record.accept(event);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Copies a stream (the lesson's stderr) as output. */
    void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // the child is gone; what it printed so far has been copied
        }
        flush();
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int keep = (int) Math.max(0, Math.min(length, limit - written));
        out.write(bytes, offset, keep);
        written += keep;
        dropped += length - keep;
    }

    synchronized void flush() {
        out.flush();
    }

    /** Bytes past the limit, counted and not passed on. */
    synchronized long dropped() {
        return dropped;
    }
}
