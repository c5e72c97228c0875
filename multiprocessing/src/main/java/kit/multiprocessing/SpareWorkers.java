package kit.multiprocessing;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fresh worker JVMs started ahead of the pools that will take them ({@link Pool#keepSpareWorkers}): a JVM takes tens
 * of milliseconds to boot, a fork a few, so a program that starts pool after pool can have the boot done in the
 * background instead of in {@code new Pool(n)}. Python's {@code forkserver} start method does the same for the same
 * reason. A spare has never run a task: its static state is as fresh as a worker started by the pool itself. It is
 * taken only by a pool whose workers would be started with exactly its command line and environment.
 *
 * <p>Spares are workers like the others: they end by themselves when this JVM dies, and on a normal exit they are
 * stopped. With the default of 0 spares none is ever started.
 */
final class SpareWorkers {

    /** The command line and environment a spare was started with: only a pool that would start the same takes it. */
    private record Kind(List<String> command, Map<String, String> environment) {
    }

    private static final Object LOCK = new Object();
    private static final Map<Kind, Deque<WorkerProcess>> SPARES = new HashMap<>();   // guarded by LOCK
    private static int wanted = Math.max(0, Integer.getInteger(Pool.SPARES_PROPERTY, 0)); // guarded by LOCK
    private static boolean hooked;                                                     // guarded by LOCK

    private SpareWorkers() {
    }

    static void keep(int count) {
        List<WorkerProcess> surplus = new ArrayList<>();
        synchronized (LOCK) {
            wanted = count;
            for (Deque<WorkerProcess> spares : SPARES.values()) {
                while (spares.size() > count) {
                    surplus.add(spares.pollLast());
                }
            }
        }
        surplus.forEach(SpareWorkers::stop);
    }

    static int wanted() {
        synchronized (LOCK) {
            return wanted;
        }
    }

    /** A live spare of this kind, already adopted by {@code pool} in {@code slot}, or null if there is none. */
    static WorkerProcess take(Pool pool, int slot, List<String> command, Map<String, String> environment) {
        synchronized (LOCK) {
            Deque<WorkerProcess> spares = SPARES.get(new Kind(command, environment));
            while (spares != null && !spares.isEmpty()) {
                WorkerProcess spare = spares.pollFirst();
                if (spare.process.isAlive() && !spare.ready.isCompletedExceptionally()) {
                    spare.adopt(pool, slot);
                    return spare;
                }
            }
            return null;
        }
    }

    /** Starts, in the background, as many spares of this kind as are wanted and missing. */
    static void refill(List<String> command, Map<String, String> environment) {
        Kind kind = new Kind(List.copyOf(command), Map.copyOf(environment));
        int missing;
        synchronized (LOCK) {
            missing = wanted - SPARES.getOrDefault(kind, new ArrayDeque<>()).size();
            if (missing <= 0) {
                return;
            }
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> keep(0), "kit-pool-spares-stop"));
            }
        }
        int count = missing;
        Thread starter = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                try {
                    WorkerProcess spare = WorkerProcess.start(null, -1, kind.command(), kind.environment());
                    boolean kept;
                    synchronized (LOCK) {
                        Deque<WorkerProcess> spares = SPARES.computeIfAbsent(kind, k -> new ArrayDeque<>());
                        kept = spares.size() < wanted;
                        if (kept) {
                            spares.addLast(spare);
                        }
                    }
                    if (!kept) {
                        stop(spare);
                    }
                } catch (IOException | RuntimeException e) {
                    return;   // the next pool starts its workers itself, and says why if it cannot
                }
            }
        }, "kit-pool-spares-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** A spare that ended before a pool took it. */
    static void ended(WorkerProcess spare) {
        synchronized (LOCK) {
            SPARES.values().forEach(spares -> spares.remove(spare));
        }
    }

    /** The spares there are now, ready or booting: for tests. */
    static List<WorkerProcess> all() {
        synchronized (LOCK) {
            return SPARES.values().stream().flatMap(Deque::stream).toList();
        }
    }

    private static void stop(WorkerProcess spare) {
        spare.closeInput();             // a worker exits at the end of its input
        spare.process.destroyForcibly();
    }
}
