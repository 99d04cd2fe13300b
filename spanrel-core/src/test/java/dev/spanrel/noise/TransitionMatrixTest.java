package dev.spanrel.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.SpanrelException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransitionMatrixTest {
    @Test
    void symmetricRowsKeepOneMinusPAndSpreadPEvenly() {
        TransitionMatrix t = TransitionMatrix.of(NoiseKind.SYMMETRIC, 0.4, 5);
        for (int i = 0; i < 5; i++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                assertThat(t.probability(i, j)).isCloseTo(i == j ? 0.6 : 0.1, within(1e-12));
                sum += t.probability(i, j);
            }
            assertThat(sum).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void pairRowsSendPToTheNextTypeOnly() {
        TransitionMatrix t = TransitionMatrix.of(NoiseKind.PAIR, 0.3, 4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = i == j ? 0.7 : j == (i + 1) % 4 ? 0.3 : 0;
                assertThat(t.probability(i, j)).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void samplesFollowTheRows() {
        TransitionMatrix t = TransitionMatrix.of(NoiseKind.SYMMETRIC, 0.2, 6);
        SplittableRandom random = new SplittableRandom(1);
        int draws = 300_000;
        int[] counts = new int[6];
        for (int n = 0; n < draws; n++) {
            counts[t.sample(2, random)]++;
        }
        for (int j = 0; j < 6; j++) {
            assertThat((double) counts[j] / draws).isCloseTo(j == 2 ? 0.8 : 0.04, within(0.004));
        }
    }

    @Test
    void fewerThanTwoTypesCannotFlip() {
        TransitionMatrix one = TransitionMatrix.of(NoiseKind.SYMMETRIC, 0.4, 1);
        assertThat(one.canFlip()).isFalse();
        assertThat(one.probability(0, 0)).isEqualTo(1.0);
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 1000; n++) {
            assertThat(one.sample(0, random)).isZero();
        }
        assertThat(TransitionMatrix.of(NoiseKind.PAIR, 0.4, 0).size()).isZero();
        assertThat(TransitionMatrix.of(NoiseKind.PAIR, 0.4, 2).canFlip()).isTrue();
        assertThat(TransitionMatrix.of(NoiseKind.PAIR, 0, 2).canFlip()).isFalse();
    }

    @Test
    void rateOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> NoiseConfig.symmetric(1.0, 1)).isInstanceOf(SpanrelException.class)
                .hasMessage("noise rate must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> NoiseConfig.symmetric(-0.1, 1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> NoiseConfig.symmetric(Double.NaN, 1)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> NoiseKind.parse("random", "--kind")).isInstanceOf(SpanrelException.class)
                .hasMessage("--kind: unknown noise kind 'random'; known: symmetric, pair");
        assertThat(NoiseKind.parse("Pair-Flip", "--kind")).isEqualTo(NoiseKind.PAIR);
    }
}
