package kit.grader.api;

/**
 * What a lesson's code may do beyond what the grader's policy allows every lesson ({@link Lesson#allows()}).
 * An allowance is as narrow as the lesson's need: any correct solution, in any style, must fit in it.
 */
public enum Allowance {
    /** Lesson 05's demo draws the timeline: it may create folders and save a chart as a PNG, nothing else on disk. */
    SAVE_CHART_AS_PNG("create folders (Files.createDirectories) and save a chart as a PNG (ChartUtils.saveChartAsPNG)");

    private final String description;

    Allowance(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
