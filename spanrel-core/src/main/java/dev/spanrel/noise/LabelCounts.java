package dev.spanrel.noise;

import java.util.Locale;

/**
 * What noise did to one kind of label: how many gold labels there were, how many changed type, and how many
 * drawn flips were withheld because the new label would have repeated another mention of the document.
 *
 * @param total the gold labels
 * @param flipped the labels that changed type
 * @param blocked the drawn flips withheld
 */
public record LabelCounts(int total, int flipped, int blocked) {
    /**
     * Checks that the counts are consistent: none negative, flipped and blocked together at most the total.
     *
     * @param total the gold labels
     * @param flipped the labels that changed type
     * @param blocked the drawn flips withheld
     */
    public LabelCounts {
        if (total < 0 || flipped < 0 || blocked < 0 || flipped + blocked > total) {
            throw new IllegalArgumentException("inconsistent label counts: total " + total + ", flipped " + flipped
                    + ", blocked " + blocked);
        }
    }

    /**
     * The realized flip rate, flipped / total; 0 when there are no labels.
     *
     * @return a fraction in [0, 1]
     */
    public double rate() {
        return total == 0 ? 0 : (double) flipped / total;
    }

    /**
     * One line for people, e.g. {@code entities: 1234 of 6170 labels flipped (20.0%)}.
     *
     * @param what the kind of label, e.g. {@code entities}
     * @return the line
     */
    public String describe(String what) {
        String line = String.format(Locale.ROOT, "%s: %d of %d labels flipped (%.1f%%)", what, flipped, total, 100 * rate());
        return blocked == 0 ? line : line + String.format(Locale.ROOT,
                "; %d more drawn flips withheld, as they would have duplicated another label of the document", blocked);
    }
}
