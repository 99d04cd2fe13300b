package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss keys of the config: names, ranges, combinations, and the checkpoint identity. */
class LossConfigTest {
    private static String digest(TrainConfig config) {
        return Integer.toHexString(config.identityJson().toString().hashCode());
    }

    @Test
    void newKeysAtTheirDefaultsKeepTheIdentityOfOlderCheckpoints() {
        // The digests the trainer wrote into checkpoints before the loss keys existed (computed with that code; float32
        // was the default precision then).
        assertThat(digest(TrainConfig.defaults().with(List.of("precision=fp32")))).isEqualTo("c0b89118");
        TrainConfig noisy = TrainConfig.defaults().with(List.of("train=a.json", "types=t.json", "trainNoiseRate=0.4", "precision=bf16"));
        assertThat(digest(noisy)).isEqualTo("d7776574");
        // Written out at their defaults they are still the same training.
        assertThat(digest(noisy.with(List.of("entityLoss=poly1", "relationLoss=bce", "gceQ=0.7", "smallLossRate=0"))))
                .isEqualTo("d7776574");
        for (String key : TrainConfig.KEYS_ADDED_WITH_DEFAULTS) {
            assertThat(TrainConfig.defaults().identityJson().has(key)).as(key).isFalse();
            assertThat(TrainConfig.defaults().toJson().has(key)).as(key).isTrue();
        }
    }

    @Test
    void aNewKeyAwayFromItsDefaultIsAnotherTraining() {
        TrainConfig base = TrainConfig.defaults();
        for (String setting : List.of("entityLoss=gce", "relationLoss=sce", "gceQ=0.5", "sceAlpha=1", "sceBeta=2", "sceLogZero=-6",
                "smallLossRate=0.2", "smallLossWarmup=0.3", "smallLossRamp=0.1", "forwardCorrectionEpoch=2",
                "forwardCorrectionConfidence=0.8", "forwardCorrectionFloor=0.01")) {
            assertThat(digest(base.with(List.of(setting)))).as(setting).isNotEqualTo(digest(base));
        }
    }

    @Test
    void unknownNamesBadRangesAndImpossibleCombinationsAreRefused() {
        TrainConfig base = TrainConfig.defaults();
        assertThatThrownBy(() -> base.with(List.of("entityLoss=focal"))).isInstanceOf(SpanrelException.class)
                .hasMessage("entityLoss must be one of poly1, cross-entropy, gce, sce, got 'focal'");
        assertThatThrownBy(() -> base.with(List.of("relationLoss=poly1")))
                .hasMessage("relationLoss must be one of bce, gce, sce, got 'poly1'");
        assertThatThrownBy(() -> base.with(List.of("gceQ=0"))).hasMessage("gceQ must be in (0, 1], got 0 (from --set gceQ=0)");
        assertThatThrownBy(() -> base.with(List.of("sceLogZero=0"))).hasMessageStartingWith("sceLogZero must be a finite number below 0");
        assertThatThrownBy(() -> base.with(List.of("smallLossRate=1"))).hasMessageStartingWith("smallLossRate must be in [0, 1)");
        assertThatThrownBy(() -> base.with(List.of("forwardCorrectionEpoch=-1"))).hasMessageStartingWith("forwardCorrectionEpoch must be at least 0");
        assertThatThrownBy(() -> base.with(List.of("forwardCorrectionEpoch=1.5"))).hasMessageStartingWith("forwardCorrectionEpoch must be an integer");
        assertThatThrownBy(() -> base.with(List.of("epochs=3", "forwardCorrectionEpoch=3")))
                .hasMessage("forwardCorrectionEpoch must be below epochs (3) to correct any epoch, got 3");
        assertThatThrownBy(() -> base.with(List.of("forwardCorrectionEpoch=2", "entityLoss=gce")))
                .hasMessage("forwardCorrectionEpoch corrects Poly-1 and BCE; it cannot be combined with entityLoss=gce and relationLoss=bce");
        assertThat(base.with(List.of("forwardCorrectionEpoch=2", "smallLossRate=0.2")).robustness().forwardCorrectionEpoch()).isEqualTo(2);
    }
}
