package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loss strategies against values worked out by hand (T = 1). Entity samples: span 0 has logits (1, 2, 0) and
 * the gold type 1, so p = (0.244728, 0.665241, 0.090031) and p_y = 0.665241, log p_y = −0.407606; span 1 has
 * logits (0.5, −1, 3), label "no entity", p_0 = 0.074596, so its Poly-1 (ε = 1) is 2.595732 + 0.925404 = 3.521079;
 * span 2 is padding. Relation samples: pair 0 is positive, logits (0.5, −1), labels (1, 0), so p_t = σ(0.5) =
 * 0.622459 and σ(1) = 0.731059; pair 1 is a negative with logits (2, 7), BCE (2.126928 + 7.000911) / 2 = 4.563920;
 * pair 2 is padding.
 */
class RobustLossesTest {
    private static final TrainConfig DEFAULTS = TrainConfig.defaults();

    private record Entities(NDArray logits, NDArray labels, NDArray mask) {}

    private record Relations(NDArray logits, NDArray labels, NDArray mask) {}

    private static Entities entities(NDManager m) {
        return new Entities(m.create(new float[] {1, 2, 0, 0.5f, -1, 3, 9, 9, 9}, new Shape(3, 3)), m.create(new long[] {1, 0, 2}),
                m.create(new float[] {1, 1, 0}));
    }

    private static Relations relations(NDManager m) {
        return new Relations(m.create(new float[] {0.5f, -1, 2, 7, 5, 5}, new Shape(3, 2)),
                m.create(new float[] {1, 0, 0, 0, 1, 1}, new Shape(3, 2)), m.create(new float[] {1, 1, 0}));
    }

    private static float entityLoss(String... settings) {
        try (NDManager m = NDManager.newBaseManager()) {
            Entities e = entities(m);
            return LossChoice.entity(DEFAULTS.with(List.of(settings))).loss(e.logits(), e.labels(), e.mask(), 1.0).getFloat();
        }
    }

    private static float relationLoss(String... settings) {
        try (NDManager m = NDManager.newBaseManager()) {
            Relations r = relations(m);
            return LossChoice.relation(DEFAULTS.with(List.of(settings))).loss(r.logits(), r.labels(), r.mask(), 1.0).getFloat();
        }
    }

    /** Poly-1 as {@code Losses.entityLoss} computed it before the losses became strategies, operation for operation. */
    private static NDArray poly1AsBefore(NDArray logits, NDArray labels, NDArray mask, double temperature, double epsilon) {
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logProbs = logits.div(temperature).logSoftmax(-1);
        NDArray logProbOfLabel = logProbs.mul(labels.oneHot((int) classes)).sum(new int[] {-1});
        NDArray perSample = logProbOfLabel.neg();
        if (epsilon != 0) {
            perSample = perSample.add(logProbOfLabel.exp().neg().add(1).mul(epsilon));
        }
        return perSample.mul(mask).sum().div(mask.sum().maximum(1));
    }

    /** BCE as {@code Losses.relationLoss} computed it before, operation for operation. */
    private static NDArray bceAsBefore(NDArray logits, NDArray labels, NDArray mask, double temperature) {
        NDArray z = logits.div(temperature);
        NDArray perType = z.maximum(0).sub(z.mul(labels)).add(z.abs().neg().exp().add(1).log());
        return perType.mean(new int[] {-1}).mul(mask).sum().div(mask.sum().maximum(1));
    }

    @Test
    void defaultStrategiesComputeTheEarlierLossesToTheBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Entities e = entities(m);
            Relations r = relations(m);
            for (double epsilon : new double[] {1.0, 0.0, -1.0}) {
                TrainConfig config = DEFAULTS.with(List.of("polyEpsilon=" + epsilon));
                for (double t : new double[] {1.0, 2.0}) {
                    assertThat(LossChoice.entity(config).loss(e.logits(), e.labels(), e.mask(), t).getFloat())
                            .isEqualTo(poly1AsBefore(e.logits(), e.labels(), e.mask(), t, epsilon).getFloat());
                }
            }
            assertThat(LossChoice.relation(DEFAULTS).loss(r.logits(), r.labels(), r.mask(), 2.0).getFloat())
                    .isEqualTo(bceAsBefore(r.logits(), r.labels(), r.mask(), 2.0).getFloat());
            // Cross-entropy by name is Poly-1 at ε = 0, bit for bit, whatever polyEpsilon says.
            float crossEntropy = LossChoice.entity(DEFAULTS.with(List.of("entityLoss=cross-entropy", "polyEpsilon=1")))
                    .loss(e.logits(), e.labels(), e.mask(), 2.0).getFloat();
            assertThat(crossEntropy).isEqualTo(poly1AsBefore(e.logits(), e.labels(), e.mask(), 2.0, 0.0).getFloat());
        }
    }

    @Test
    void generalizedCrossEntropyOnPositiveSpansPoly1OnNegatives() {
        // Span 0: (1 − 0.665241^0.7) / 0.7 = (1 − e^(0.7 · −0.407606)) / 0.7 = (1 − 0.751771) / 0.7 = 0.354614.
        // Mean with span 1's Poly-1: (0.354614 + 3.521079) / 2 = 1.937846.
        assertThat(entityLoss("entityLoss=gce", "gceQ=0.7")).isCloseTo(1.937846f, within(2e-6f));
        // q = 1: 1 − p_y = 0.334759 for span 0.
        assertThat(entityLoss("entityLoss=gce", "gceQ=1")).isCloseTo((0.334759f + 3.521079f) / 2, within(2e-6f));
    }

    @Test
    void symmetricCrossEntropyOnPositiveSpansPoly1OnNegatives() {
        // Span 0: α·(−log p_y) − β·A·(1 − p_y) = 0.1 · 0.407606 + 1 · 4 · 0.334759 = 0.040761 + 1.339036 = 1.379797.
        assertThat(entityLoss("entityLoss=sce", "sceAlpha=0.1", "sceBeta=1", "sceLogZero=-4"))
                .isCloseTo((1.379797f + 3.521079f) / 2, within(2e-6f));
        // α = 1, β = 0.5, A = −2 gives Poly-1 with ε = 1 on the positive: 0.407606 + 0.334759 = 0.742365.
        assertThat(entityLoss("entityLoss=sce", "sceAlpha=1", "sceBeta=0.5", "sceLogZero=-2"))
                .isCloseTo((0.742365f + 3.521079f) / 2, within(2e-6f));
    }

    @Test
    void relationRobustLossesOnPositivePairsBinaryCrossEntropyOnNegatives() {
        // GCE, q = 0.7: ((1 − 0.622459^0.7) + (1 − 0.731059^0.7)) / 0.7 / 2 = (0.282035 + 0.197271) / 0.7 / 2
        // = 0.342367; mean with pair 1's BCE: (0.342367 + 4.563920) / 2 = 2.453143.
        assertThat(relationLoss("relationLoss=gce", "gceQ=0.7")).isCloseTo(2.453143f, within(2e-6f));
        // SCE, α = 0.1, β = 1, A = −4: (0.1 · 0.474077 + 4 · 0.377541 + 0.1 · 0.313262 + 4 · 0.268941) / 2 = 1.332331.
        assertThat(relationLoss("relationLoss=sce", "sceAlpha=0.1", "sceBeta=1", "sceLogZero=-4"))
                .isCloseTo((1.332331f + 4.563920f) / 2, within(2e-6f));
    }

    @Test
    void forwardCorrectionCarriesTheBeliefThroughTheTransitions() {
        try (NDManager m = NDManager.newBaseManager()) {
            Entities e = entities(m);
            double[][] transitions = {{0.8, 0.2}, {0.3, 0.7}};
            // Span 0 observed as type 2 this time: p̃_2 = p_1 · T[1][2] + p_2 · T[2][2] = 0.665241 · 0.2 + 0.090031 · 0.7
            // = 0.196070, Poly-1 (ε = 1): −log 0.196070 + (1 − 0.196070) = 1.629286 + 0.803930 = 2.433216.
            NDArray observedTwo = m.create(new long[] {2, 0, 2});
            EntityLoss corrected = new PositiveSpansLoss(new ForwardCorrectedEntityLoss(transitions, 1.0), new Poly1Loss(1.0));
            float[] perSample = corrected.perSample(e.logits(), observedTwo, 1.0).toFloatArray();
            assertThat(perSample[0]).isCloseTo(2.433216f, within(2e-6f));
            // The negative keeps plain Poly-1, to the bit.
            assertThat(perSample[1]).isEqualTo(new Poly1Loss(1.0).perSample(e.logits(), observedTwo, 1.0).toFloatArray()[1]);

            // A pair with sigmoids s = (σ(0.5), σ(−1)) = (0.622459, 0.268941) observed as type 2 only, through
            // T = ((0.9, 0.1), (0.2, 0.8)): s̃ = (0.560213 + 0.053788, 0.062246 + 0.215153) = (0.614002, 0.277399),
            // BCE (−log(1 − 0.614002) − log 0.277399) / 2 = (0.951940 + 1.282280) / 2 = 1.117110.
            NDArray logits = m.create(new float[] {0.5f, -1}, new Shape(1, 2));
            NDArray labels = m.create(new float[] {0, 1}, new Shape(1, 2));
            float pair = new ForwardCorrectedRelationLoss(new double[][] {{0.9, 0.1}, {0.2, 0.8}})
                    .perSample(logits, labels, 1.0).getFloat(0);
            assertThat(pair).isCloseTo(1.117110f, within(2e-6f));
        }
    }
}
