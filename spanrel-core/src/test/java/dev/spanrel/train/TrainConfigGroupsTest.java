package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's groups against its flat key space: every key in one group, files and JSON unchanged. */
class TrainConfigGroupsTest {
    @TempDir
    Path tmp;

    @Test
    void everyKeyBelongsToExactlyOneGroupAndTheFlatJsonKeepsTheKeyOrder() {
        List<String> fromGroups = new ArrayList<>();
        for (RecordComponent group : TrainConfig.class.getRecordComponents()) {
            for (RecordComponent key : group.getType().getRecordComponents()) {
                fromGroups.add(key.getName());
            }
        }
        assertThat(fromGroups).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(TrainConfig.KEY_ORDER);
        assertThat(TrainConfig.KEY_ORDER).doesNotHaveDuplicates();
        assertThat(TrainConfig.defaults().toJson().fieldNames()).toIterable().containsExactlyElementsOf(TrainConfig.KEY_ORDER);
    }

    @Test
    void theLaterKeysAreDerivedGroupByGroup() {
        // What the list held when it was written by hand, and robustLossWarmup and maxPassSubTokens, which joined
        // their groups (the losses, the optimization) by themselves, in the group's place.
        assertThat(TrainConfig.KEYS_ADDED_WITH_DEFAULTS).containsExactly("maxPassSubTokens", "entityLoss", "relationLoss", "gceQ", "sceAlpha",
                "sceBeta", "sceLogZero", "robustLossWarmup", "smallLossRate", "smallLossWarmup", "smallLossRamp",
                "forwardCorrectionEpoch", "forwardCorrectionConfidence", "forwardCorrectionFloor");
        assertThat(TrainConfig.KEY_ORDER).hasSize(44).endsWith(TrainConfig.KEYS_ADDED_WITH_DEFAULTS.toArray(String[]::new));
    }

    @Test
    void aFlatKeySetsItsGroupsSettingAndAConfigRoundTripsThroughItsJson() throws Exception {
        TrainConfig config = TrainConfig.defaults().with(List.of("learningRate=3e-5", "negativeRatio=12", "encoder=enc",
                "trainNoiseRate=0.2", "entityLoss=gce", "smallLossRate=0.3", "evalBatchSize=4", "limit=7", "seed=9"));
        assertThat(config.optimization().learningRate()).isEqualTo(3e-5);
        assertThat(config.optimization().seed()).isEqualTo(9);
        assertThat(config.sampling().negativeRatio()).isEqualTo(12);
        assertThat(config.model().encoder()).isEqualTo("enc");
        assertThat(config.noise().trainNoiseRate()).isEqualTo(0.2);
        assertThat(config.losses().entityLoss()).isEqualTo("gce");
        assertThat(config.robustness().smallLossRate()).isEqualTo(0.3);
        assertThat(config.evaluation().evalBatchSize()).isEqualTo(4);
        assertThat(config.data().limit()).isEqualTo(7);
        // The sampler and the model get their values from the groups.
        assertThat(config.samplingConfig()).isEqualTo(new SamplingConfig(12, 0, 0, 10));
        assertThat(config.modelConfig().maxSpanSize()).isEqualTo(config.model().maxSpanSize());

        Path file = tmp.resolve("config.json");
        Files.writeString(file, config.toJson().toPrettyString());
        assertThat(TrainConfig.read(file, List.of())).isEqualTo(config);
        assertThat(config.with(List.of())).isEqualTo(config);
    }
}
