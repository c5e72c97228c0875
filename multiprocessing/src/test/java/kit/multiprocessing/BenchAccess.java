package kit.multiprocessing;

/** What the benchmark (in a package of its own) may see of the library's internals: how many spares are ready. */
public final class BenchAccess {
    private BenchAccess() {
    }

    public static long readySpares() {
        return SpareWorkers.all().stream().filter(s -> s.ready.isDone() && !s.ready.isCompletedExceptionally()).count();
    }
}
