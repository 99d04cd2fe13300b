package dev.spanrel.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Small-loss selection (the schedule of co-teaching, Han et al., 2018): networks fit clean labels before noisy
 * ones, so the positives a model finds hardest are the likeliest flipped. After a warm-up, the highest-loss share
 * of each batch's gold-positive spans (and, separately, pairs) is left out of the loss; the share grows linearly
 * from 0 to the configured rate over the ramp, then stays. Sampled negatives always count. The rate is a config
 * value: set it near the expected noise rate of the positive labels.
 */
final class SmallLossSelection {
    private final double rate;
    private final double warmupSteps;
    private final double rampSteps;

    /**
     * @param rate the share left out once ramped up, in [0, 1)
     * @param warmup the fraction of all updates before any is left out
     * @param ramp the fraction of all updates over which the share grows to the rate (0: at once)
     * @param totalSteps the run's updates
     */
    SmallLossSelection(double rate, double warmup, double ramp, int totalSteps) {
        this.rate = rate;
        this.warmupSteps = warmup * totalSteps;
        this.rampSteps = ramp * totalSteps;
    }

    /**
     * The share of positives left out at an update.
     *
     * @param step the update, counted from 0
     * @return 0 during the warm-up, then {@code rate · min(1, (step − warm-up) / ramp)}
     */
    double share(int step) {
        if (rate == 0 || step < warmupSteps) {
            return 0;
        }
        if (rampSteps == 0) {
            return rate;
        }
        return rate * Math.min(1, (step - warmupSteps) / rampSteps);
    }

    /**
     * The mask without the highest-loss {@code ⌊share · n⌋} of the n real positives (ties: the earlier sample stays).
     *
     * @param losses the loss of each sample
     * @param positive which samples are gold positives
     * @param mask 1 for a real sample
     * @param share the share to leave out
     * @return a new mask
     */
    static float[] keep(float[] losses, boolean[] positive, float[] mask, double share) {
        List<Integer> positives = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            if (positive[i] && mask[i] != 0) {
                positives.add(i);
            }
        }
        int drop = (int) Math.floor(share * positives.size() + 1e-9);
        positives.sort(Comparator.comparingDouble((Integer i) -> losses[i]).reversed().thenComparingInt(i -> i));
        float[] kept = mask.clone();
        for (int k = 0; k < drop; k++) {
            kept[positives.get(k)] = 0;
        }
        return kept;
    }
}
