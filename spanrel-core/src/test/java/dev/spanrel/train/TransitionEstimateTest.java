package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The transition estimate from confident predictions against observed labels. */
class TransitionEstimateTest {
    @Test
    void countsOnlyConfidentPredictionsOfTypedPositives() {
        TransitionCounts counts = new TransitionCounts(2, 2, 0.9);
        // Classes: 0 = no entity, types 1 and 2.
        float[] probabilities = {
            0.02f, 0.95f, 0.03f, // predicted 1, observed 1: counts
            0.02f, 0.95f, 0.03f, // predicted 1, observed 2: counts
            0.02f, 0.92f, 0.06f, // predicted 1, observed 1: counts
            0.10f, 0.85f, 0.05f, // below the confidence
            0.95f, 0.03f, 0.02f, // predicted "no entity"
            0.02f, 0.95f, 0.03f, // observed "no entity" (a sampled negative)
            0.02f, 0.95f, 0.03f, // padding
        };
        counts.addSpans(probabilities, new long[] {1, 2, 1, 1, 2, 0, 1}, new float[] {1, 1, 1, 1, 1, 1, 0});
        assertThat(counts.entityCounts()).isDeepEqualTo(new long[][] {{2, 1}, {0, 0}});
        // Pairs: one label each counts; two labels or none do not.
        counts.addPairs(new float[] {0.1f, 0.97f, 0.1f, 0.97f, 0.1f, 0.97f, 0.1f, 0.97f},
                new float[] {1, 0, 0, 1, 1, 1, 0, 0}, new float[] {1, 1, 1, 1});
        assertThat(counts.relationCounts()).isDeepEqualTo(new long[][] {{0, 0}, {1, 1}});

        // Row 1: (2/3, 1/3), above the floor. Row 2 has no counts: the identity's (0, 1), floored to (0.01, 1),
        // normalised (0.01/1.01, 1/1.01) = (0.009901, 0.990099).
        double[][] entities = counts.estimate(0.01).entities();
        assertThat(entities[0][0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(entities[0][1]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(entities[1][0]).isCloseTo(0.009901, within(1e-6));
        assertThat(entities[1][1]).isCloseTo(0.990099, within(1e-6));
        // Relations: row 1 none (identity), row 2 (1/2, 1/2).
        double[][] relations = counts.estimate(0.01).relations();
        assertThat(relations[1]).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        // What the log says of it: 5 typed positive spans (the "no entity" one and the padding left out), 3 of them
        // counted; pairs with one label: 2, both counted; the rows without a count named (1-based).
        String n = System.lineSeparator();
        assertThat(counts.describe()).isEqualTo(
                "  entities: 3 of 5 positive spans predicted with p >= 0.9; rows without a count, left the identity's: 2" + n
                + "  relations: 2 of 2 single-type positive pairs predicted with p >= 0.9; rows without a count, left the identity's: 1" + n);
    }

    @Test
    void recoversSymmetricNoiseFromAModelThatPredictsTheTrueClass() {
        // 3 types, 3000 spans, 40 % of the labels flipped uniformly to another type: the true row is (0.6, 0.2, 0.2).
        // A model that learnt the clean majority predicts the true type with 0.95, and the estimate, made from those
        // predictions and the observed labels only, is within sampling error of the true matrix.
        Random random = new Random(11);
        int n = 3000;
        float[] probabilities = new float[n * 4];
        long[] labels = new long[n];
        float[] mask = new float[n];
        for (int s = 0; s < n; s++) {
            int truth = 1 + random.nextInt(3);
            int observed = truth;
            if (random.nextDouble() < 0.4) {
                observed = 1 + (truth - 1 + 1 + random.nextInt(2)) % 3;
            }
            for (int k = 0; k < 4; k++) {
                probabilities[s * 4 + k] = k == truth ? 0.95f : 0.05f / 3;
            }
            labels[s] = observed;
            mask[s] = 1;
        }
        TransitionCounts counts = new TransitionCounts(3, 1, 0.9);
        counts.addSpans(probabilities, labels, mask);
        double[][] estimate = counts.estimate(0.001).entities();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(estimate[i][j]).as("T[%d][%d]", i, j).isCloseTo(i == j ? 0.6 : 0.2, within(0.04));
            }
        }
    }

    @Test
    void jsonRoundTripAndDamagedJsonNamesTheField() throws Exception {
        TransitionEstimate estimate = new TransitionEstimate(new double[][] {{0.75, 0.25}, {0.1, 0.9}}, new double[][] {{1.0}});
        TransitionEstimate back = TransitionEstimate.fromJson(estimate.toJson(), "checkpoint.json");
        assertThat(back.entities()).isDeepEqualTo(estimate.entities());
        assertThat(back.relations()).isDeepEqualTo(estimate.relations());
        var damaged = new ObjectMapper().readTree("{\"entities\": [[0.5, 0.5], [1]], \"relations\": [[1]]}");
        assertThatThrownBy(() -> TransitionEstimate.fromJson(damaged, "run/checkpoint.json"))
                .isInstanceOf(SpanrelException.class)
                .hasMessage("run/checkpoint.json: transitions.entities[1] must be a row of 2 numbers");
    }
}
