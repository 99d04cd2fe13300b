package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.noise.NoiseConfig;
import dev.spanrel.noise.NoiseKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainNoiseConfigTest {
    @TempDir Path tmp;

    @Test
    void noNoiseByDefaultAndOldConfigsStillRead() throws Exception {
        Path file = tmp.resolve("old.json");
        Files.writeString(file, "{\"train\": \"scierc/scierc_train.json\", \"types\": \"scierc/scierc_types.json\", \"seed\": 3}");
        TrainConfig config = TrainConfig.read(file, List.of());
        assertThat(config.noise().trainNoiseRate()).isZero();
        assertThat(config.noise().trainNoiseKind()).isEqualTo("symmetric");
        assertThat(config.trainNoise()).isEmpty();
    }

    @Test
    void seedZeroMeansTheRunsSeed() {
        TrainConfig config = TrainConfig.defaults().with(List.of("seed=7", "trainNoiseRate=0.2"));
        assertThat(config.trainNoise()).contains(new NoiseConfig(0.2, 7, NoiseKind.SYMMETRIC));
        assertThat(config.with(List.of("trainNoiseSeed=99", "trainNoiseKind=pair")).trainNoise())
                .contains(new NoiseConfig(0.2, 99, NoiseKind.PAIR));
    }

    @Test
    void badNoiseValuesNameTheFileAndKey() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\"trainNoiseRate\": 1.5}");
        assertThatThrownBy(() -> TrainConfig.read(file, List.of())).isInstanceOf(SpanrelException.class)
                .hasMessage(file + ": trainNoiseRate must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> TrainConfig.read(file, List.of("trainNoiseRate=0.2", "trainNoiseKind=uniform")))
                .hasMessage(file + ": trainNoiseKind: unknown noise kind 'uniform'; known: symmetric, pair");
    }

    @Test
    void checkpointIdentityIgnoresTheNoiseKeysWhenNoiseIsOffAndThePrecisionAtFp32() {
        TrainConfig clean = TrainConfig.defaults().with(List.of("precision=fp32"));
        assertThat(clean.identityJson().has("trainNoiseRate")).isFalse();
        assertThat(clean.identityJson().has("precision")).isFalse();
        // The loss keys, added later still, come last and are left out at their defaults (LossConfigTest).
        int added = TrainConfig.KEYS_ADDED_WITH_DEFAULTS.size();
        assertThat(clean.identityJson().size()).isEqualTo(clean.toJson().size() - 4 - added);
        // The keys that existed before noise and precision keep their order, so old checkpoint digests still match.
        List<String> all = new java.util.ArrayList<>();
        clean.toJson().fieldNames().forEachRemaining(all::add);
        List<String> identity = new java.util.ArrayList<>();
        clean.identityJson().fieldNames().forEachRemaining(identity::add);
        int beforeLossKeys = all.size() - added;
        assertThat(all.subList(beforeLossKeys, all.size())).isEqualTo(TrainConfig.KEYS_ADDED_WITH_DEFAULTS);
        assertThat(all.subList(beforeLossKeys - 4, beforeLossKeys))
                .containsExactly("trainNoiseRate", "trainNoiseKind", "trainNoiseSeed", "precision");
        assertThat(identity).isEqualTo(all.subList(0, beforeLossKeys - 4));
        assertThat(identity.get(0)).isEqualTo("train");
        assertThat(identity.get(identity.size() - 1)).isEqualTo("evalDropOverlapping");
        assertThat(clean.identityJson()).isNotEqualTo(clean.with(List.of("trainNoiseRate=0.2")).identityJson());
        assertThat(clean.with(List.of("precision=bf16")).identityJson().get("precision").asText()).isEqualTo("bf16");
    }
}
