package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.SpanRelModel;
import java.util.Optional;

/**
 * The loss an update minimises: the config's entity and relation losses ({@link LossChoice}), on Poly-1 and BCE
 * during a {@code robustLossWarmup}, with small-loss selection when {@code smallLossRate} is set, and forward
 * correction once a {@link TransitionEstimate} is in use. With every noise option off it computes exactly what the
 * two losses compute, in the same order of operations.
 *
 * <p>Why a warm-up for the robust losses: their gradient on a positive scales with the probability the model gives
 * its label (GCE's by p^q), so a fresh classifier, which meets 30 sampled negatives for every positive, can learn to
 * call everything "no entity" before the positives pull back, and then never does (the SciERC GCE candidate at
 * q = 0.7 found no entity at all, docs/RESULTS.md). Poly-1 and BCE first, the robust loss once the model has learnt
 * the clean majority of the positives.
 */
final class TrainingObjective {
    private final TrainConfig config;
    private final EntityLoss entityLoss;
    private final RelationLoss relationLoss;
    private final EntityLoss warmupEntityLoss;
    private final RelationLoss warmupRelationLoss;
    private final double robustFromStep;
    private final SmallLossSelection selection;
    private EntityLoss correctedEntityLoss;
    private RelationLoss correctedRelationLoss;
    private Optional<TransitionEstimate> transitions = Optional.empty();

    /**
     * @param config the training config
     * @param totalSteps the run's updates, for the selection schedule
     */
    TrainingObjective(TrainConfig config, int totalSteps) {
        this.config = config;
        this.entityLoss = LossChoice.entity(config);
        this.relationLoss = LossChoice.relation(config);
        this.warmupEntityLoss = LossChoice.warmupEntity(config);
        this.warmupRelationLoss = LossChoice.warmupRelation(config);
        this.robustFromStep = config.losses().robustLossWarmup() * totalSteps;
        TrainConfig.Robustness robustness = config.robustness();
        this.selection = new SmallLossSelection(robustness.smallLossRate(), robustness.smallLossWarmup(),
                robustness.smallLossRamp(), totalSteps);
        this.correctedEntityLoss = entityLoss;
        this.correctedRelationLoss = relationLoss;
    }

    /** Whether the transition matrices are estimated after this epoch (1-based). */
    boolean estimatesAfter(int epochsDone) {
        int correctionEpoch = config.robustness().forwardCorrectionEpoch();
        return correctionEpoch > 0 && epochsDone == correctionEpoch;
    }

    /** From now on, positives' losses are forward-corrected with these matrices. */
    void useTransitions(TransitionEstimate estimate) {
        transitions = Optional.of(estimate);
        correctedEntityLoss = new PositiveSpansLoss(new ForwardCorrectedEntityLoss(estimate.entities(), config.losses().polyEpsilon()),
                entityLoss);
        correctedRelationLoss = new PositivePairsLoss(new ForwardCorrectedRelationLoss(estimate.relations()), relationLoss);
    }

    /** The matrices in use, if any. */
    Optional<TransitionEstimate> transitions() {
        return transitions;
    }

    /**
     * The loss of one batch.
     *
     * @param out the model's logits
     * @param tensors the batch, with labels and masks
     * @param step the update, counted from 0 (for the selection schedule)
     * @return a scalar
     */
    NDArray loss(SpanRelModel.Outputs out, BatchTensors tensors, int step) {
        return loss(out, tensors, step, 1, 1);
    }

    /**
     * The loss of one pass of a batch ({@link BatchPass}): the entity and relation losses over the pass's samples,
     * scaled by the pass's shares of the batch's spans and pairs so that the passes' losses add up to the batch's
     * (at shares of 1, the batch's loss in the same operations).
     *
     * @param out the model's logits
     * @param tensors the pass, with labels and masks
     * @param step the update, counted from 0 (for the selection schedule)
     * @param entityWeight the pass's share of the batch's spans
     * @param relationWeight the pass's share of the batch's pairs
     * @return a scalar
     */
    NDArray loss(SpanRelModel.Outputs out, BatchTensors tensors, int step, double entityWeight, double relationWeight) {
        double share = selection.share(step);
        boolean warmingUp = step < robustFromStep;
        EntityLoss spanLoss = warmingUp ? warmupEntityLoss : correctedEntityLoss;
        NDArray loss = weighted(entity(spanLoss, out.entityLogits(), tensors.spanLabels(), tensors.spanMask(), share), entityWeight);
        if (out.relationLogits().isPresent()) {
            RelationLoss pairLoss = warmingUp ? warmupRelationLoss : correctedRelationLoss;
            loss = loss.add(weighted(relation(pairLoss, out.relationLogits().get(), tensors.pairLabels().orElseThrow(),
                    tensors.pairMask().orElseThrow(), share), relationWeight));
        }
        return loss;
    }

    private static NDArray weighted(NDArray loss, double weight) {
        // a float, since a double would make the loss (and so the backward pass) float64
        return weight == 1 ? loss : loss.mul((float) weight);
    }

    private NDArray entity(EntityLoss loss, NDArray logits, NDArray labels, NDArray mask, double share) {
        double t = config.model().entityTemperature();
        if (share == 0) {
            return loss.loss(logits, labels, mask, t);
        }
        NDArray perSample = loss.perSample(logits, labels, t);
        long[] classes = labels.toLongArray();
        boolean[] positive = new boolean[classes.length];
        for (int i = 0; i < classes.length; i++) {
            positive[i] = classes[i] > 0;
        }
        float[] kept = SmallLossSelection.keep(perSample.toFloatArray(), positive, mask.toFloatArray(), share);
        return Losses.maskedMean(perSample, mask.getManager().create(kept, mask.getShape()));
    }

    private NDArray relation(RelationLoss loss, NDArray logits, NDArray labels, NDArray mask, double share) {
        double t = config.model().relationTemperature();
        if (share == 0) {
            return loss.loss(logits, labels, mask, t);
        }
        NDArray perSample = loss.perSample(logits, labels, t);
        boolean[] positive = PositivePairsLoss.isPositive(labels).toBooleanArray();
        float[] kept = SmallLossSelection.keep(perSample.toFloatArray(), positive, mask.toFloatArray(), share);
        return Losses.maskedMean(perSample, mask.getManager().create(kept, mask.getShape()));
    }
}
