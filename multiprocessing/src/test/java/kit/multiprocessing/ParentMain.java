package kit.multiprocessing;

/**
 * A parent JVM for {@link ParentDeathTest}: starts a pool, prints its worker pids, optionally keeps
 * one worker busy, then waits to be killed. It never closes the pool.
 */
public final class ParentMain {
    private ParentMain() {
    }

    public static void main(String[] args) throws Exception {
        Pool pool = new Pool(Integer.parseInt(args[0]));
        if (args.length > 1 && args[1].equals("busy")) {
            pool.submit(() -> {
                Thread.sleep(600_000);
                return 0;
            });
        }
        StringBuilder line = new StringBuilder("PIDS");
        for (long pid : pool.workerPids()) {
            line.append(' ').append(pid);
        }
        System.out.println(line);
        System.out.flush();
        Thread.sleep(600_000);
    }
}
