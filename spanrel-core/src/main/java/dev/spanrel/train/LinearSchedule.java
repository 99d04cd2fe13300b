package dev.spanrel.train;

/**
 * Linear warm-up to the peak learning rate over the first {@code warmupFraction} of the updates, then linear
 * decay to zero, as {@code get_linear_schedule_with_warmup}: update k (from 0) uses {@code rate(k)}.
 */
record LinearSchedule(double peak, int totalSteps, double warmupFraction) {
    /**
     * The learning rate of an update.
     *
     * @param step the update's number, from 0
     * @return the rate
     */
    public double rate(int step) {
        int warmup = (int) (warmupFraction * totalSteps);
        if (step < warmup) {
            return peak * step / Math.max(1, warmup);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmup));
    }
}
