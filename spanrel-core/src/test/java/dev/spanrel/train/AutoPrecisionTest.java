package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.encoder.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code precision=auto}: bfloat16 where the CPU has it natively, float32 elsewhere, and checkpoints see which. */
class AutoPrecisionTest {
    @Test
    void autoIsBf16ExactlyWhereTheCpuHasIt() {
        Precision expected = Precision.cpuHasBf16() ? Precision.BF16 : Precision.FP32;
        assertThat(Precision.parse("auto", "precision")).isEqualTo(expected);
        assertThat(Precision.parse("AUTO", "precision")).isEqualTo(expected);
        assertThatThrownBy(() -> Precision.parse("fp16", "--precision")).hasMessage("--precision must be fp32, bf16 or auto, got \"fp16\"");
    }

    @Test
    void aCheckpointIdentifiesAutoByWhatItResolvedTo() {
        TrainConfig auto = TrainConfig.defaults().with(List.of("precision=auto"));
        TrainConfig resolved = TrainConfig.defaults().with(List.of("precision=" + Precision.auto().configName()));
        assertThat(auto.identityJson()).isEqualTo(resolved.identityJson());
        // Naming bf16 or fp32 outright identifies as before.
        assertThat(TrainConfig.defaults().with(List.of("precision=bf16")).identityJson().get("precision").asText()).isEqualTo("bf16");
        assertThat(TrainConfig.defaults().with(List.of("precision=fp32")).identityJson().has("precision")).isFalse();
    }

    @Test
    void trainingDefaultsToAutoAndAPlainConfigResolvesAsAutoDoes() {
        assertThat(TrainConfig.defaults().optimization().precision()).isEqualTo(Precision.AUTO);
        assertThat(TrainConfig.defaults().encoderPrecision()).isEqualTo(Precision.auto());
        // A checkpoint of a config that never named its precision identifies as what the default resolved to here.
        TrainConfig resolved = TrainConfig.defaults().with(List.of("precision=" + Precision.auto().configName()));
        assertThat(TrainConfig.defaults().identityJson()).isEqualTo(resolved.identityJson());
    }

    @Test
    void aRefusedResumeNamesThePrecisionItWasBegunWith() {
        TrainConfig fp32 = TrainConfig.defaults().with(List.of("precision=fp32"));
        TrainConfig bf16 = TrainConfig.defaults().with(List.of("precision=bf16"));
        assertThat(bf16.identityDifferences(fp32)).containsExactly("precision: (default) → bf16");
        assertThat(fp32.identityDifferences(bf16)).containsExactly("precision: bf16 → (default)");
        assertThat(fp32.identityDifferences(fp32.with(List.of("relationThreshold=0.5")))).containsExactly("relationThreshold: 0.5 → 0.4");
    }
}
