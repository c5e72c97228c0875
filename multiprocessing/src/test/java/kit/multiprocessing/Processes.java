package kit.multiprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: is a process still running? (A zombie, dead but not yet reaped, counts as gone.) */
final class Processes {
    private Processes() {
    }

    static boolean isRunning(long pid) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.exists(stat)) {
            try {
                String s = Files.readString(stat);
                String afterName = s.substring(s.lastIndexOf(')') + 2);
                return afterName.charAt(0) != 'Z';
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }
}
