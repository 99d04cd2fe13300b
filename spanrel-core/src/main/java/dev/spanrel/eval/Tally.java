package dev.spanrel.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * True positives, false positives and false negatives per type (index from 1), counted the way SpERT feeds
 * sklearn's {@code precision_recall_fscore_support}: per document, every unit in gold ∪ predicted gets a gold
 * label and a predicted label (0 = absent); label 0 is left out of the labels scored.
 */
final class Tally {
    private final int[] truePositives;
    private final int[] falsePositives;
    private final int[] falseNegatives;
    private final boolean[] present;

    Tally(int typeCount) {
        truePositives = new int[typeCount + 1];
        falsePositives = new int[typeCount + 1];
        falseNegatives = new int[typeCount + 1];
        present = new boolean[typeCount + 1];
    }

    /**
     * Adds one document. A unit carries its type, so a gold unit and a predicted unit are equal only when the type
     * agrees too: a right span with the wrong type is a false negative of the gold type and a false positive of
     * the predicted one.
     */
    <T> void add(Set<T> gold, Set<T> predicted, ToIntFunction<T> typeOf) {
        for (T unit : gold) {
            int type = typeOf.applyAsInt(unit);
            present[type] = true;
            if (predicted.contains(unit)) {
                truePositives[type]++;
            } else {
                falseNegatives[type]++;
            }
        }
        for (T unit : predicted) {
            int type = typeOf.applyAsInt(unit);
            present[type] = true;
            if (!gold.contains(unit)) {
                falsePositives[type]++;
            }
        }
    }

    /** Scores with the type names in type-system order ({@code names.get(i)} has index i + 1). */
    Scores scores(List<String> names) {
        Map<String, Prf> perType = new LinkedHashMap<>();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        for (int type = 1; type < present.length; type++) {
            if (!present[type]) {
                continue;
            }
            Prf prf = prf(truePositives[type], falsePositives[type], falseNegatives[type]);
            perType.put(names.get(type - 1), prf);
            tp += truePositives[type];
            fp += falsePositives[type];
            fn += falseNegatives[type];
            sumP += prf.precision();
            sumR += prf.recall();
            sumF += prf.f1();
        }
        Prf micro = prf(tp, fp, fn);
        int n = perType.size();
        // sklearn's macro F1 is the mean of the per-type F1s, not the F1 of the mean P and R.
        Prf macro = n == 0 ? new Prf(0, 0, 0, 0) : new Prf(sumP / n, sumR / n, sumF / n, tp + fn);
        return new Scores(micro, macro, perType);
    }

    /** zero_division = 0: an undefined ratio counts as 0. */
    private static Prf prf(int tp, int fp, int fn) {
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Prf(100 * precision, 100 * recall, 100 * f1, tp + fn);
    }
}
