package dev.spanrel.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label noise on the real SciERC training data (and ADE's single relation type). */
class LabelNoiseTest {
    private static TypeSystem types;
    private static List<Document> train;

    @TempDir Path tmp;

    @BeforeAll
    static void readSciErc() {
        types = SpertJson.readTypes(SharedFolder.data("scierc/scierc_types.json"));
        train = SpertJson.readDocuments(SharedFolder.data("scierc/scierc_train.json"), types);
    }

    private static NoisyDocuments noisy(double rate, long seed, NoiseKind kind) {
        return new LabelNoise(new NoiseConfig(rate, seed, kind), types).apply(train);
    }

    @ParameterizedTest
    @CsvSource({"0.2, SYMMETRIC", "0.4, SYMMETRIC", "0.2, PAIR", "0.4, PAIR"})
    void realizedRateIsCloseToTheRequestedRate(double rate, NoiseKind kind) {
        NoiseReport report = noisy(rate, 17, kind).report();
        report.lines().forEach(line -> System.out.println("scierc_train " + kind + " p=" + rate + ": " + line));
        assertThat(report.entities().total()).isEqualTo(5598);
        assertThat(report.relations().total()).isEqualTo(3219);
        assertThat(report.entities().rate()).isCloseTo(rate, within(0.03));
        assertThat(report.relations().rate()).isCloseTo(rate, within(0.03));
        assertThat(report.notes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0.2", "0.4"})
    void onlyTypesChangeAndTheReportCountsEveryChange(double rate) {
        NoisyDocuments noisy = noisy(rate, 3, NoiseKind.SYMMETRIC);
        assertThat(noisy.documents()).hasSameSizeAs(train);
        int entityChanges = 0;
        int relationChanges = 0;
        for (int d = 0; d < train.size(); d++) {
            Document clean = train.get(d);
            Document dirty = noisy.documents().get(d);
            assertThat(dirty.origId()).isEqualTo(clean.origId());
            assertThat(dirty.tokens()).isEqualTo(clean.tokens());
            assertThat(dirty.entities()).extracting(EntityMention::start, EntityMention::end)
                    .isEqualTo(clean.entities().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.start(), e.end())).toList());
            assertThat(dirty.relations()).extracting(RelationMention::head, RelationMention::tail)
                    .isEqualTo(clean.relations().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.head(), r.tail())).toList());
            for (int e = 0; e < clean.entities().size(); e++) {
                entityChanges += clean.entities().get(e).type().equals(dirty.entities().get(e).type()) ? 0 : 1;
            }
            for (int r = 0; r < clean.relations().size(); r++) {
                relationChanges += clean.relations().get(r).type().equals(dirty.relations().get(r).type()) ? 0 : 1;
            }
        }
        assertThat(noisy.report().entities().flipped()).isEqualTo(entityChanges);
        assertThat(noisy.report().relations().flipped()).isEqualTo(relationChanges);
    }

    @Test
    void noisyFileReadsBackWithTheSameTypes() {
        NoisyDocuments noisy = noisy(0.4, 11, NoiseKind.SYMMETRIC);
        Path file = tmp.resolve("scierc_train_noisy.json");
        SpertJson.writeDocuments(file, noisy.documents());
        assertThat(SpertJson.readDocuments(file, types)).isEqualTo(noisy.documents());
    }

    @Test
    void rateZeroIsTheIdentity() {
        NoisyDocuments noisy = noisy(0, 5, NoiseKind.SYMMETRIC);
        assertThat(noisy.documents()).isEqualTo(train);
        assertThat(noisy.report().entities().flipped()).isZero();
        assertThat(noisy.report().relations().flipped()).isZero();
        assertThat(noisy.report().notes()).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameOutputAndAnotherSeedAnotherOne() {
        List<Document> first = noisy(0.2, 42, NoiseKind.SYMMETRIC).documents();
        assertThat(noisy(0.2, 42, NoiseKind.SYMMETRIC).documents()).isEqualTo(first);
        assertThat(noisy(0.2, 43, NoiseKind.SYMMETRIC).documents()).isNotEqualTo(first);
    }

    @Test
    void symmetricFlipsLandOnTheOtherTypesUniformly() {
        int k = types.entityTypeCount();
        long[][] transitions = new long[k][k];
        for (long seed = 1; seed <= 20; seed++) {
            List<Document> dirty = noisy(0.4, seed, NoiseKind.SYMMETRIC).documents();
            for (int d = 0; d < train.size(); d++) {
                for (int e = 0; e < train.get(d).entities().size(); e++) {
                    transitions[train.get(d).entities().get(e).type().index() - 1]
                            [dirty.get(d).entities().get(e).type().index() - 1]++;
                }
            }
        }
        for (int i = 0; i < k; i++) {
            long rowTotal = java.util.Arrays.stream(transitions[i]).sum();
            long flips = rowTotal - transitions[i][i];
            assertThat((double) flips / rowTotal).as("flip rate of type %d", i + 1).isCloseTo(0.4, within(0.03));
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    // Every clean type occurs at least ~200 times, so 20 seeds give >= 1600 flips per row.
                    assertThat((double) transitions[i][j] / flips).as("share of flips %d -> %d", i + 1, j + 1)
                            .isCloseTo(1.0 / (k - 1), within(0.05));
                }
            }
        }
    }

    @Test
    void pairFlipSendsEveryFlippedTypeToTheNextOne() {
        NoisyDocuments noisy = noisy(0.4, 9, NoiseKind.PAIR);
        int k = types.entityTypeCount();
        int r = types.relationTypeCount();
        for (int d = 0; d < train.size(); d++) {
            Document clean = train.get(d);
            Document dirty = noisy.documents().get(d);
            for (int e = 0; e < clean.entities().size(); e++) {
                int from = clean.entities().get(e).type().index();
                int to = dirty.entities().get(e).type().index();
                assertThat(to).isIn(from, from % k + 1);
            }
            for (int i = 0; i < clean.relations().size(); i++) {
                int from = clean.relations().get(i).type().index();
                int to = dirty.relations().get(i).type().index();
                assertThat(to).isIn(from, from % r + 1);
            }
        }
        assertThat(noisy.report().entities().flipped()).isPositive();
        assertThat(noisy.report().relations().flipped()).isPositive();
    }

    @Test
    void aSingleRelationTypeCannotFlipAndTheReportSaysSo() {
        TypeSystem ade = SpertJson.readTypes(SharedFolder.data("ade/ade_types.json"));
        List<Document> docs = SpertJson.readDocuments(SharedFolder.data("ade/ade_split_0_train.json"), ade);
        NoisyDocuments noisy = new LabelNoise(NoiseConfig.symmetric(0.2, 1), ade).apply(docs);
        assertThat(noisy.report().relations().total()).isEqualTo(6155);
        assertThat(noisy.report().relations().flipped()).isZero();
        assertThat(noisy.report().relations().rate()).isZero();
        assertThat(noisy.report().entities().rate()).isCloseTo(0.2, within(0.03));
        assertThat(noisy.report().notes()).singleElement().asString()
                .contains("only one relation type (Adverse-Effect)", "realized noise rate is 0");
        assertThat(noisy.report().lines()).contains("relations: 0 of 6155 labels flipped (0.0%)");
        for (int d = 0; d < docs.size(); d++) {
            assertThat(noisy.documents().get(d).relations()).isEqualTo(docs.get(d).relations());
        }
    }
}
