package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The paper's two losses (Poly-1, BCE) against values computed by hand (in double precision, independently of the NDArray code). */
class LossesTest {
    private static double logSumExp(double... z) {
        double s = 0;
        for (double v : z) {
            s += Math.exp(v);
        }
        return Math.log(s);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void poly1OnTemperedSoftmax() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Two real samples and one padded (mask 0) that must not count.
            NDArray logits = m.create(new float[] {1, 2, 0, 0.5f, -1, 3, 9, 9, 9}, new Shape(3, 3));
            NDArray labels = m.create(new long[] {1, 2, 0});
            NDArray mask = m.create(new float[] {1, 1, 0});
            double t = 2.0, eps = 1.0;
            double ce0 = logSumExp(0.5, 1, 0) - 1;
            double ce1 = logSumExp(0.25, -0.5, 1.5) - 1.5;
            double poly0 = ce0 + eps * (1 - Math.exp(-ce0));
            double poly1 = ce1 + eps * (1 - Math.exp(-ce1));
            assertThat(new Poly1Loss(eps).loss(logits, labels, mask, t).getFloat())
                    .isCloseTo((float) ((poly0 + poly1) / 2), within(1e-5f));
        }
    }

    @Test
    void temperatureOneAndEpsilonZeroIsPlainCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1, 2, 0}, new Shape(1, 3));
            float loss = new Poly1Loss(0.0).loss(logits, m.create(new long[] {1}), m.create(new float[] {1}), 1.0).getFloat();
            assertThat(loss).isCloseTo((float) (logSumExp(1, 2, 0) - 2), within(1e-6f));
        }
    }

    @Test
    void temperedBinaryCrossEntropyAveragedOverTypesThenSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {0.5f, -1f, 4f, 2f, 7f, 7f}, new Shape(3, 2));
            NDArray labels = m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray mask = m.create(new float[] {1, 1, 0});
            double t = 2.0;
            double s0 = (-Math.log(sigmoid(0.25)) - Math.log(1 - sigmoid(-0.5))) / 2;
            double s1 = (-Math.log(1 - sigmoid(2)) - Math.log(sigmoid(1))) / 2;
            assertThat(new BinaryCrossEntropyLoss().loss(logits, labels, mask, t).getFloat()).isCloseTo((float) ((s0 + s1) / 2), within(1e-5f));
            // T = 1 is plain BCE with logits.
            double plain = (-Math.log(sigmoid(0.5)) - Math.log(1 - sigmoid(-1))) / 2;
            assertThat(new BinaryCrossEntropyLoss().loss(logits.get("0:1"), labels.get("0:1"), m.create(new float[] {1}), 1.0).getFloat())
                    .isCloseTo((float) plain, within(1e-6f));
        }
    }
}
