package kit.grader.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How the supervisor and a lesson's JVM talk, with nothing of it in a file, a system property or the environment.
 *
 * <p>Supervisor to lesson: one line of JSON on the lesson JVM's stdin ({@link Settings}), read by the engine before
 * any lesson class is loaded; stdin is then closed. It carries a fresh random token, kept only in the engine's memory.
 *
 * <p>Lesson to supervisor: lines on the JVM's stdout, each {@code <token> <event JSON>}, interleaved with whatever
 * the tests and the student's code print there. The supervisor takes as events only what follows the token, and
 * checks their order ({@link LessonRecord}); everything else is output. Lesson code cannot forge an event without the
 * token, and cannot reach the token without the APIs the policy refuses (reflection, files, stack inspection).
 */
final class Channel {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)       // an event line is plain ASCII, one line
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * What the supervisor fixes for a lesson's JVM before its code runs.
     *
     * @param token         marks the engine's events on stdout
     * @param testClass     the graded test class to run
     * @param methods       the test methods to run; all of them when empty
     * @param cores         how many cores the timing tests may count on
     * @param coresSource   where that figure comes from, for the skip messages
     * @param configuration JUnit's configuration parameters (no implicit ones are read)
     */
    public record Settings(String token, String testClass, List<String> methods, int cores, String coresSource,
                           Map<String, String> configuration) {

        /** Writes the settings as the one line the lesson JVM reads. */
        byte[] line() {
            try {
                return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads the first line of stdin, byte by byte so that nothing after it is buffered away. */
        static Settings read(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                line.write(b);
            }
            if (line.size() == 0) {
                throw new IllegalStateException("no settings on stdin: a lesson's JVM is started by kit.grader.run.Supervisor");
            }
            return JSON.readValue(line.toByteArray(), Settings.class);
        }
    }

    /**
     * One event of a lesson's JVM: {@code planned}, {@code started} or {@code finished} for a test
     * ({@code Class#method}), or a {@code note}.
     */
    public record Event(String type, String test, String status, String message, Long durationMs,
                        Map<String, String> figures, String details) {

        public static Event planned(String test) {
            return new Event("planned", test, null, null, null, null, null);
        }

        public static Event started(String test) {
            return new Event("started", test, null, null, null, null, null);
        }

        public static Event finished(String test, String status, String message, long durationMs, Map<String, String> figures,
                              String details) {
            return new Event("finished", test, status, message, durationMs,
                    figures == null || figures.isEmpty() ? null : figures, details);
        }

        public static Event note(String message) {
            return new Event("note", null, null, message, null, null, null);
        }

        /** The event after the token on a line, or null when the rest of the line is not one. */
        static Event parse(String json) {
            try {
                return JSON.readValue(json, Event.class);
            } catch (IOException notAnEvent) {
                return null;
            }
        }
    }

    /**
     * The lesson JVM's end: writes each event as one line on the JVM's real stdout. Taken before any lesson class is
     * loaded, so a later {@code System.setOut} changes nothing; it is the same {@code PrintStream} the tests print to,
     * whose lock keeps each event line whole.
     */
    static final class Sender {
        private final PrintStream out;
        private final String token;

        Sender(PrintStream out, String token) {
            this.out = out;
            this.token = token;
        }

        void send(Event event) {
            String json;
            try {
                json = JSON.writeValueAsString(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // One print, under the stream's lock: the line stays whole. After an unfinished line of output the token
            // stands mid-line, where the supervisor finds it too.
            out.print(token + " " + json + "\n");
            out.flush();
        }
    }

    private Channel() {
    }
}
