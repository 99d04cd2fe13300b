package dev.spanrel.experiment;

import java.util.List;

/**
 * How {@code --quick} shrinks a plan into a smoke run: extra overrides (fewer epochs, fewer documents) and fewer
 * seeds and folds. Quick results are written under names ending in {@code -quick}, so they never mix with full ones.
 *
 * @param set overrides applied after each experiment's own
 * @param seeds the seeds to run instead of each experiment's; empty keeps the experiment's seeds
 * @param folds the folds to run instead of all of them; empty keeps all folds
 * @param cost what the quick plan costs, in words, or "" when the plan does not say
 */
public record QuickSettings(List<String> set, List<Long> seeds, List<Integer> folds, String cost) {
    /** The suffix of quick runs' folder and summary names. */
    public static final String SUFFIX = "-quick";

    /**
     * Copies the lists.
     *
     * @param set overrides applied after each experiment's own
     * @param seeds the seeds to run instead of each experiment's; empty keeps the experiment's seeds
     * @param folds the folds to run instead of all of them; empty keeps all folds
     * @param cost what the quick plan costs, in words, or "" when the plan does not say
     */
    public QuickSettings {
        set = List.copyOf(set);
        seeds = List.copyOf(seeds);
        folds = List.copyOf(folds);
    }
}
