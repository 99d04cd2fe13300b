package dev.spanrel.infer;

import dev.spanrel.data.Document;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.infer.Predictions;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Scores one decoding at many relation thresholds, to choose the threshold on a dev set. The model runs once, at
 * the lowest threshold; a higher one only drops relations, and entities do not depend on it, so keeping the
 * relations whose probability reaches {@code t} gives exactly what decoding at {@code t} would (a symmetric
 * relation carries the larger probability of its two directions either way).
 */
public final class RelationThresholdSweep {
    /** The evaluation of the predictions at one threshold. */
    public record Point(double threshold, Evaluation evaluation) {}

    private RelationThresholdSweep() {}

    /**
     * Thresholds written {@code FROM:TO:STEP} (both ends included, e.g. {@code 0.1:0.9:0.05}) or as a comma list
     * ({@code 0.3,0.4,0.5}); each in [0, 1], returned ascending.
     *
     * @param spec the thresholds as written on the command line
     * @return the thresholds in ascending order
     */
    public static List<Double> parse(String spec) {
        List<Double> thresholds = new ArrayList<>();
        try {
            if (spec.contains(":")) {
                String[] parts = spec.split(":", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException("thresholds '" + spec + "': expected FROM:TO:STEP");
                }
                double from = Double.parseDouble(parts[0].trim());
                double to = Double.parseDouble(parts[1].trim());
                double step = Double.parseDouble(parts[2].trim());
                if (!(step > 0) || to < from) {
                    throw new IllegalArgumentException("thresholds '" + spec + "': need FROM ≤ TO and STEP > 0");
                }
                // Counted in steps, not by adding STEP up, so 0.1:0.9:0.1 ends at 0.9 and not at 0.8999999.
                long steps = Math.round(Math.floor((to - from) / step + 1e-9));
                for (long i = 0; i <= steps; i++) {
                    thresholds.add(Math.round((from + i * step) * 1e6) / 1e6);
                }
            } else {
                for (String part : spec.split(",")) {
                    thresholds.add(Double.parseDouble(part.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("thresholds '" + spec + "': not a number: " + e.getMessage());
        }
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("thresholds '" + spec + "': " + t + " is outside [0, 1]");
            }
        }
        thresholds.sort(Comparator.naturalOrder());
        return List.copyOf(thresholds);
    }

    /**
     * The evaluation at each threshold of predictions decoded at {@code decodedAt}, which must not exceed the
     * lowest of them (relations below it were never kept).
     *
     * @param evaluator the evaluator, with its overlap setting
     * @param gold the annotated documents
     * @param predicted the scored predictions for them, in order
     * @param decodedAt the threshold the predictions were decoded at
     * @param thresholds the thresholds to score
     * @return one point per threshold, in the given order
     */
    public static List<Point> sweep(Evaluator evaluator, List<Document> gold, List<SentencePrediction> predicted,
            double decodedAt, List<Double> thresholds) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold documents but " + predicted.size() + " predictions");
        }
        List<Point> points = new ArrayList<>(thresholds.size());
        for (double threshold : thresholds) {
            if (threshold < decodedAt) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "threshold %.3f is below the %.3f the predictions were decoded at", threshold, decodedAt));
            }
            List<Document> atThreshold = new ArrayList<>(gold.size());
            for (int i = 0; i < gold.size(); i++) {
                atThreshold.add(Predictions.toDocument(gold.get(i), keepFrom(predicted.get(i), threshold)));
            }
            points.add(new Point(threshold, evaluator.evaluate(gold, atThreshold)));
        }
        return points;
    }

    /**
     * The point with the best strict micro relation F1; of equals, the lowest threshold.
     *
     * @param points the sweep's points, at least one
     * @return the best point
     */
    public static Point best(List<Point> points) {
        Point best = null;
        for (Point p : points) {
            if (best == null || p.evaluation().relationsStrict().micro().f1() > best.evaluation().relationsStrict().micro().f1()) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no thresholds were scored");
        }
        return best;
    }

    private static SentencePrediction keepFrom(SentencePrediction prediction, double threshold) {
        List<ScoredRelation> kept = new ArrayList<>();
        for (ScoredRelation r : prediction.relations()) {
            if (r.score() >= threshold) {
                kept.add(r);
            }
        }
        return new SentencePrediction(prediction.entities(), kept);
    }
}
