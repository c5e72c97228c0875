package kit.grader.api;

/** One attempt of a {@link SpeedupCheck}: the durations of the alternating runs of each variant, in nanoseconds, in the order run. */
public record Measurement(long[] baselineNanos, long[] candidateNanos) {
    public Measurement {
        baselineNanos = baselineNanos.clone();
        candidateNanos = candidateNanos.clone();
    }

    @Override
    public long[] baselineNanos() {
        return baselineNanos.clone();
    }

    @Override
    public long[] candidateNanos() {
        return candidateNanos.clone();
    }

    public long baselineMedian() {
        return Timing.median(baselineNanos);
    }

    public long candidateMedian() {
        return Timing.median(candidateNanos);
    }

    /** {@code baseline median / candidate median}: above 1, the candidate was faster. */
    public double ratio() {
        return Timing.ratio(baselineMedian(), candidateMedian());
    }

    @Override
    public String toString() {
        return "Measurement[baseline median=" + Timing.duration(baselineMedian()) + ", candidate median="
                + Timing.duration(candidateMedian()) + ", ratio=" + Timing.times(ratio()) + "]";
    }
}
