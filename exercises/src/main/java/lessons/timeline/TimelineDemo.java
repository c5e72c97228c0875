package lessons.timeline;

import kit.multiprocessing.Pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's experiment: the same {@code track_live_time} jobs on a thread pool, on a thread pool under the
 * global lock, and on a process pool; the overlap of each printed, the timeline drawn to a PNG. Run it:
 * {@code java -cp <classpath> lessons.timeline.TimelineDemo [png] [jobs] [workers] [iterations]} (after
 * {@code ./mvnw -q compile}; the lesson page gives the class path). Given.
 */
public final class TimelineDemo {

    /** Where the picture goes when no path is given: under the build's target/ folder. */
    public static final Path DEFAULT_PNG = Path.of("target", "timeline.png");

    /** The three runs, each with its jobs and its overlap (with {@link Timeline#MAX_GAP}), and the picture. */
    public record Result(List<TimelinePlot.Panel> panels, Path png) {

        public TimelinePlot.Panel panel(String name) {
            return panels.stream().filter(panel -> panel.name().equals(name)).findFirst().orElseThrow();
        }
    }

    public static final String THREADS = "Thread pool";
    public static final String LOCKED = "Thread pool, global lock";
    public static final String PROCESSES = "Process pool";

    public static void main(String[] args) throws IOException {
        Path png = args.length > 0 ? Path.of(args[0]) : DEFAULT_PNG;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : Timeline.JOBS;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Timeline.WORKERS;
        long iterations = args.length > 3 ? Long.parseLong(args[3]) : Timeline.ITERATIONS;
        Result result;
        try (Pool pool = new Pool(workers)) {
            result = run(pool, jobs, iterations, png);
        }
        System.out.println("Drew " + result.png().toAbsolutePath());
    }

    /**
     * Runs the three experiments with {@code pool.size()} workers each ({@code jobs} jobs of {@code iterations}
     * iterations), prints what each shows, and draws them to {@code png}.
     */
    public static Result run(Pool pool, int jobs, long iterations, Path png) throws IOException {
        int workers = pool.size();
        // A short run first, so that the JIT has compiled the work before the thread pools are timed.
        Timeline.threadPool(workers, workers, Math.min(iterations, 200));
        System.out.printf(Locale.ROOT, "%d jobs of %,d iterations on %d workers (%d cores); a job runs while its timestamps "
                + "are at most %.1f ms apart%n", jobs, iterations, workers, Runtime.getRuntime().availableProcessors(),
                Timeline.MAX_GAP / 1e6);
        TimelinePlot.Panel threads = measure(THREADS, Timeline.threadPool(workers, jobs, iterations));
        TimelinePlot.Panel locked = measure(LOCKED, Timeline.threadPoolUnderLock(workers, jobs, iterations, Timeline.globalLock()));
        TimelinePlot.Panel processes = measure(PROCESSES, Timeline.processPool(pool, jobs, iterations));
        List<TimelinePlot.Panel> panels = List.of(threads, locked, processes);
        String title = String.format(Locale.ROOT, "%d jobs logging the time on %d workers", jobs, workers);
        TimelinePlot.draw(png, title, panels, 1500, 480);
        return new Result(panels, png);
    }

    static TimelinePlot.Panel measure(String name, List<JobTimes> jobs) {
        double overlap = Timeline.overlap(jobs, Timeline.MAX_GAP);
        double span = Timeline.overlap(jobs, Long.MAX_VALUE);
        long start = jobs.stream().mapToLong(JobTimes::first).min().orElse(0);
        long end = jobs.stream().mapToLong(JobTimes::last).max().orElse(0);
        System.out.printf(Locale.ROOT, "  %-26s overlap %.2f   (from each job's [first, last] alone: %.2f)   %.2f s, %d thread(s), %d process(es)%n",
                name, overlap, span, (end - start) / 1e9, jobs.stream().map(job -> job.pid() + "/" + job.thread()).distinct().count(),
                jobs.stream().mapToLong(JobTimes::pid).distinct().count());
        return new TimelinePlot.Panel(name, jobs, overlap);
    }

    private TimelineDemo() {
    }
}
