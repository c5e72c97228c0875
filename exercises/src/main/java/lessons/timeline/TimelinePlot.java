package lessons.timeline;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the tutorial's {@code multi.png} with JFreeChart: one panel per pool, side by side, sharing the job axis; in
 * each a row of dots per job, one dot per timestamp, at the time elapsed since the panel's first timestamp. Where a
 * job was not running, its row has a gap. Given: nothing to implement here.
 */
public final class TimelinePlot {

    /** At most this many dots per job: enough to show every gap longer than a pixel, quick to draw. */
    static final int DOTS_PER_JOB = 4_000;

    /** One panel: a name, the jobs' timestamps, and the overlap to print under it. */
    public record Panel(String name, List<JobTimes> jobs, double overlap) {
    }

    private TimelinePlot() {
    }

    /**
     * Writes the panels to {@code png} (its folders are made), {@code width} x {@code height} pixels, and returns the
     * path.
     */
    public static Path draw(Path png, String title, List<Panel> panels, int width, int height) throws IOException {
        NumberAxis jobAxis = new NumberAxis("Job number");
        jobAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        int rows = panels.stream().mapToInt(panel -> panel.jobs().size()).max().orElse(1);
        jobAxis.setRange(0.3, rows + 0.7);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(jobAxis);
        combined.setGap(12);
        for (Panel panel : panels) {
            combined.add(plotOf(panel), 1);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        return png;
    }

    private static XYPlot plotOf(Panel panel) {
        long start = panel.jobs().stream().filter(job -> job.times().length > 0).mapToLong(JobTimes::first).min().orElse(0);
        long end = panel.jobs().stream().filter(job -> job.times().length > 0).mapToLong(JobTimes::last).max().orElse(start);
        long spacing = Math.max(1, (end - start) / DOTS_PER_JOB);
        XYSeriesCollection rows = new XYSeriesCollection();
        for (JobTimes job : panel.jobs()) {
            XYSeries row = new XYSeries("job " + job.job(), false, true);
            long lastDrawn = Long.MIN_VALUE;
            for (long time : job.times()) {
                if (lastDrawn == Long.MIN_VALUE || time - lastDrawn >= spacing) {
                    row.add((time - start) / 1e9, job.job() + 1, false);
                    lastDrawn = time;
                }
            }
            rows.addSeries(row);
        }
        XYDotRenderer dots = new XYDotRenderer();
        dots.setDotWidth(2);
        dots.setDotHeight(3);
        NumberAxis timeAxis = new NumberAxis(String.format(Locale.ROOT, "%s: time elapsed [s]   (overlap %.2f)",
                panel.name(), panel.overlap()));
        timeAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(rows, timeAxis, null, dots);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
