package kit.grader.api;

/** Which side of the limit the ratio of a {@link SpeedupCheck} must fall on, and when a failed attempt counts. */
public enum Bound {
    /** The candidate must be at least so many times as fast. */
    AT_LEAST {
        @Override
        boolean met(double ratio, double limit) {
            return ratio >= limit;
        }

        @Override
        String describe(double limit) {
            return ">= " + Timing.times(limit);
        }

        @Override
        boolean conclusive(double machine, double limit) {
            return machine >= limit * SpeedupCheck.CONCLUSIVE_MARGIN;
        }
    },
    /** The candidate must be at least so many times as fast, whatever the cores: a gap of overhead, not parallelism. */
    AT_LEAST_FIXED {
        @Override
        boolean met(double ratio, double limit) {
            return ratio >= limit;
        }

        @Override
        String describe(double limit) {
            return ">= " + Timing.times(limit) + " on any number of cores";
        }

        @Override
        boolean calibrated() {
            return false;
        }

        @Override
        boolean conclusive(double machine, double limit) {
            return true;
        }
    },
    /** The candidate must be less than so many times as fast: no real speedup. */
    BELOW {
        @Override
        boolean met(double ratio, double limit) {
            return ratio < limit;
        }

        @Override
        String describe(double limit) {
            return "< " + Timing.times(limit);
        }

        @Override
        boolean conclusive(double machine, double limit) {
            return machine >= SpeedupCheck.QUIET_MACHINE;
        }
    };

    abstract boolean met(double ratio, double limit);

    abstract String describe(double limit);

    /** Whether a failed attempt is checked against the machine's reference work (a parallel speedup) at all. */
    boolean calibrated() {
        return true;
    }

    /** Whether a failed attempt counts, given the speedup the machine's reference work showed just after it. */
    abstract boolean conclusive(double machine, double limit);
}
