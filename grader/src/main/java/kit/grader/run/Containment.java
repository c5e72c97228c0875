package kit.grader.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps every process a lesson starts within reach, so it ends with the lesson even after re-parenting itself.
 *
 * <ul>
 * <li><b>Linux, where a PID namespace can be made</b> (as root, or with unprivileged user namespaces): the lesson's
 *     JVM is process 1 of a namespace of its own ({@code unshare --pid --fork --mount-proc --kill-child}); when it
 *     ends, the kernel ends every process in the namespace, whatever became of their parents. The namespace also has
 *     its own mounts: the lesson's {@code /tmp} and {@code /dev/shm} are folders the supervisor made (with the
 *     folders of the kit itself mounted back in, where it lies under {@code /tmp}), so whatever the lesson leaves there
 *     is its own, and is found and removed.</li>
 * <li><b>Elsewhere</b> (macOS, Windows, Linux without namespaces): the supervisor tracks the JVM's descendants while
 *     it runs and, on Linux, marks the lesson's environment with a variable every child inherits, so that after the
 *     lesson it finds (in {@code /proc}) and ends even a process that re-parented itself. A process that starts
 *     another with an empty environment escapes the mark; the policy's ban on starting processes is what stops that.</li>
 * </ul>
 */
final class Containment {

    /** The environment variable that marks a lesson's processes; its value is fresh for every lesson. */
    static final String MARK = "KIT_LESSON_RUN";

    private final List<String> namespacePrefix;
    private final String whyNot;

    private Containment(List<String> namespacePrefix, String whyNot) {
        this.namespacePrefix = namespacePrefix;
        this.whyNot = whyNot;
    }

    /** Whether a PID namespace works here, tried once; {@code off} forces the fallback. */
    static Containment detect(boolean off) {
        if (off) {
            return new Containment(List.of(), "turned off");
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Containment(List.of(), "not Linux");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> prefix = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        if (!root) {
            prefix.addAll(1, List.of("--user", "--map-root-user"));
        }
        List<String> probe = new ArrayList<>(prefix);
        probe.addAll(List.of("sh", "-c", "mount --bind /tmp /tmp"));
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return new Containment(List.copyOf(prefix), null);
            }
            process.destroyForcibly();
            return new Containment(List.of(), "unshare cannot make a PID namespace here (exit " + exitOf(process) + ")");
        } catch (IOException e) {
            return new Containment(List.of(), "no unshare command");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Containment(List.of(), "interrupted");
        }
    }

    private static String exitOf(Process process) {
        return process.isAlive() ? "none, it hung" : Integer.toString(process.exitValue());
    }

    boolean namespaces() {
        return !namespacePrefix.isEmpty();
    }

    /** How lessons are contained here, for the run's first lines. */
    String describe() {
        return namespaces() ? "each lesson in a PID namespace of its own"
                : "lesson processes tracked by descendants and environment mark (no PID namespace: " + whyNot + ")";
    }

    /**
     * The command that starts {@code java} contained: in a namespace, with {@code shm} mounted over {@code /dev/shm}
     * and {@code tmp} over {@code /tmp}, the folders of {@code /tmp} named in {@code keep} (where the kit itself lies,
     * say) mounted back into it; elsewhere as it is.
     */
    List<String> wrap(List<String> java, Path tmp, Path shm, List<String> keep) {
        if (!namespaces()) {
            return java;
        }
        List<String> command = new ArrayList<>(namespacePrefix);
        // After the mounts the working folder is entered again by its name, so that it lies on the same mounts as
        // every path the lesson names (a move between the two would cross devices).
        command.addAll(List.of("sh", "-c", "shm=$1; tmp=$2; cwd=$3; n=$4; shift 4; "
                + "while [ \"$n\" -gt 0 ]; do mkdir -p \"$tmp/$1\" && mount --bind \"/tmp/$1\" \"$tmp/$1\" || exit 125; "
                + "shift; n=$((n - 1)); done; "
                + "mount --bind \"$shm\" /dev/shm && mount --rbind \"$tmp\" /tmp && cd \"$cwd\" && exec \"$@\"",
                "kit-lesson", shm.toString(), tmp.toString(), Path.of("").toAbsolutePath().toString(),
                Integer.toString(keep.size())));
        command.addAll(keep);
        command.addAll(java);
        return command;
    }

    /** The live processes (other than ours) whose environment carries {@code mark}: on Linux only, else none. */
    static List<ProcessHandle> marked(String mark) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        byte[] wanted = ("\0" + MARK + "=" + mark + "\0").getBytes(StandardCharsets.US_ASCII);
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                byte[] environment;
                try {
                    environment = Files.readAllBytes(entry.resolve("environ"));
                } catch (IOException | SecurityException gone) {
                    continue;   // ended meanwhile, or not ours to read
                }
                if (contains(environment, wanted)) {
                    ProcessHandle.of(Long.parseLong(name)).filter(ProcessHandle::isAlive).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** Whether {@code environment} (NUL-separated) holds {@code wanted} (NUL-framed), the first entry included. */
    static boolean contains(byte[] environment, byte[] wanted) {
        byte[] framed = new byte[environment.length + 2];
        System.arraycopy(environment, 0, framed, 1, environment.length);
        return LessonOutput.indexOf(framed, wanted) >= 0;
    }

    /** Kills the processes and waits (up to 5 s each) until they are gone; the ones still there are returned. */
    static List<ProcessHandle> end(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                survivors.add(process);
            }
        }
        return survivors;
    }

    /** "1234: sleep 300": a process as a note names it; {@code withPid} false inside a namespace, whose pids mean nothing outside. */
    static String describe(ProcessHandle process, boolean withPid) {
        String command = process.info().commandLine().or(() -> process.info().command()).orElse("?");
        // The end of a java command line says what it runs (kit.multiprocessing.Worker, a class of the lesson).
        command = command.length() > 160 ? "..." + command.substring(command.length() - 120) : command;
        return withPid ? process.pid() + ": " + command : command;
    }
}
