package dev.spanrel.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A model saved before the SpERT decoding switches existed still decodes as spanrel did then. */
class SavedConfigCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConfigWithoutTheSwitchesReadsAsSpanrelsDecoding() throws Exception {
        String saved = "{\"maxSpanSize\": 10, \"widthEmbeddingSize\": 50, \"widthEmbeddingCount\": 100, \"dropout\": 0.2,"
                + " \"entityTemperature\": 1.0, \"relationTemperature\": 1.0, \"relationThreshold\": 0.4,"
                + " \"relationUsesEntityTypes\": false, \"entityTypeEmbeddingSize\": 25}";
        ModelConfig config = JSON.readValue(saved, ModelConfig.class);
        assertThat(config.keepAllEntities()).isFalse();
        assertThat(config.symmetricBySpanStart()).isFalse();
        assertThat(config).isEqualTo(new ModelConfig(10, 50, 100, 0.2, 1.0, 1.0, 0.4, false, 25, false, false));
    }

    @Test
    void theSwitchesAreWrittenAndReadBack() throws Exception {
        ModelConfig spert = new ModelConfig(8, 25, 100, 0.1, 1.0, 1.0, 0.4, false, 25, true, true);
        assertThat(JSON.readValue(JSON.writeValueAsString(spert), ModelConfig.class)).isEqualTo(spert);
    }
}
