package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Forward loss correction of the relation BCE: the tempered sigmoids s (the model's belief in each true type) go
 * through the estimated transition matrix, {@code s̃_j = Σ_i s_i·T[i][j]}, the chance that type j is observed, and
 * BCE is taken on s̃ (clamped into (0, 1), as a sum of beliefs can pass 1). For a pair whose true type is i, s̃ is
 * row i of T: a label the noise flipped from i to j costs {@code −log T[i][j]}, bounded, instead of pushing the
 * model towards j. Used on the gold-positive pairs only ({@link PositivePairsLoss}).
 */
final class ForwardCorrectedRelationLoss implements RelationLoss {
    private static final float EDGE = 1e-7f;

    private final float[] transitions;
    private final int types;

    /**
     * @param relationTypes the estimated matrix over the relation types ({@link TransitionEstimate#relations()})
     */
    ForwardCorrectedRelationLoss(double[][] relationTypes) {
        this.types = relationTypes.length;
        this.transitions = TransitionEstimate.flat(relationTypes);
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray t = logits.getManager().create(transitions, new Shape(types, types));
        NDArray noisy = Activation.sigmoid(logits.div(temperature)).matMul(t).clip(EDGE, 1 - EDGE);
        NDArray perType = labels.mul(noisy.log()).add(labels.neg().add(1).mul(noisy.neg().add(1).log())).neg();
        return perType.mean(new int[] {-1});
    }
}
