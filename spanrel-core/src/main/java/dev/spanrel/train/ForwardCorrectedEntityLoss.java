package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Forward loss correction (Patrini et al., 2017) of Poly-1: the model's tempered softmax p (its belief about the
 * true class) is carried through the estimated transition matrix to the distribution of the observed label,
 * {@code p̃ = p·T}, and Poly-1 is taken on p̃: {@code −log p̃_y + ε·(1 − p̃_y)}. T is over all classes, "no entity"
 * mapping to itself only, so for a "no entity" label p̃_y = p_y; {@link PositiveSpansLoss} still gives those spans
 * plain Poly-1, the same numbers to the bit.
 */
final class ForwardCorrectedEntityLoss implements EntityLoss {
    /** p̃ is kept above this, so a transition the floor made tiny cannot give log 0. */
    private static final float LEAST_PROBABILITY = 1e-12f;

    private final float[] transitions;
    private final int classes;
    private final double epsilon;

    /**
     * @param entityTypes the estimated matrix over the entity types ({@link TransitionEstimate#entities()})
     * @param epsilon Poly-1's ε
     */
    ForwardCorrectedEntityLoss(double[][] entityTypes, double epsilon) {
        this.classes = entityTypes.length + 1;
        double[][] full = new double[classes][classes];
        full[0][0] = 1;
        for (int i = 0; i < entityTypes.length; i++) {
            System.arraycopy(entityTypes[i], 0, full[i + 1], 1, entityTypes.length);
        }
        this.transitions = TransitionEstimate.flat(full);
        this.epsilon = epsilon;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray t = logits.getManager().create(transitions, new Shape(classes, classes));
        NDArray noisy = logits.div(temperature).softmax(-1).matMul(t);
        NDArray ofLabel = noisy.mul(labels.oneHot(classes)).sum(new int[] {-1}).maximum(LEAST_PROBABILITY);
        NDArray perSample = ofLabel.log().neg();
        if (epsilon != 0) {
            perSample = perSample.add(ofLabel.neg().add(1).mul(epsilon));
        }
        return perSample;
    }
}
