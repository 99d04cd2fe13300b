package dev.spanrel.spert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.encoder.TorchZipReader;
import dev.spanrel.infer.ModelTagger;
import dev.spanrel.model.SavedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import → export → import: the same tensors, the same settings, the same predictions; the export is SpERT's shape. */
class SpertRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void importExportImportChangesNothing() throws IOException {
        Path first = tmp.resolve("first");
        Path spert = tmp.resolve("spert");
        Path second = tmp.resolve("second");
        SpertSettings settings = SpertSettings.defaults().withSpertConfig(SpertFixtureTest.FIXTURE.resolve("train.conf"));
        SpertImport.run(SpertFixtureTest.FIXTURE.resolve("model"), SpertFixtureTest.TYPES, Optional.empty(), settings, first);
        SpertExport.Result exported = SpertExport.run(first, spert);
        assertThat(exported.notes()).isEmpty();
        // The exported eval.conf carries the settings SpERT keeps outside its checkpoint.
        SpertImport.run(spert, spert.resolve("types.json"), Optional.empty(),
                SpertSettings.defaults().withSpertConfig(spert.resolve("eval.conf")), second);

        Map<String, FloatTensor> a = SafetensorsReader.read(first.resolve("model.safetensors"));
        Map<String, FloatTensor> b = SafetensorsReader.read(second.resolve("model.safetensors"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(b.get(name).shape()).as(name).isEqualTo(a.get(name).shape());
            assertThat(b.get(name).values()).as(name).isEqualTo(a.get(name).values());
        }
        assertThat(SavedModel.readDescription(second).get("model")).isEqualTo(SavedModel.readDescription(first).get("model"));
        assertThat(SpertJson.readTypes(second.resolve("types.json")).relationTypes())
                .isEqualTo(SpertJson.readTypes(SpertFixtureTest.TYPES).relationTypes());

        List<Document> gold;
        List<Document> fromFirst;
        List<Document> fromSecond;
        try (ModelTagger one = ModelTagger.load(first); ModelTagger two = ModelTagger.load(second)) {
            gold = SpertJson.readDocuments(SpertFixtureTest.TEST, one.types());
            fromFirst = one.predictDocuments(gold);
            fromSecond = two.predictDocuments(gold);
        }
        assertThat(fromSecond).isEqualTo(fromFirst);
        assertThat(fromFirst.stream().mapToInt(d -> d.relations().size()).sum()).isEqualTo(499);
    }

    @Test
    void exportHasSpertsNamesAndConfig() throws IOException {
        Path model = tmp.resolve("model");
        Path spert = tmp.resolve("spert");
        SpertImport.run(SpertFixtureTest.FIXTURE.resolve("model"), SpertFixtureTest.TYPES, Optional.empty(),
                SpertSettings.defaults(), model);
        SpertExport.run(model, spert);

        Map<String, FloatTensor> original = TorchZipReader.read(SpertFixtureTest.FIXTURE.resolve("model/pytorch_model.bin"));
        Map<String, FloatTensor> written = TorchZipReader.read(spert.resolve("pytorch_model.bin"));
        assertThat(written.keySet()).isEqualTo(original.keySet());
        for (String name : original.keySet()) {
            assertThat(written.get(name).shape()).as(name).isEqualTo(original.get(name).shape());
            if (name.startsWith("bert.pooler.")) {
                assertThat(written.get(name).values()).as(name).containsOnly(0f);
            } else {
                assertThat(written.get(name).values()).as(name).isEqualTo(original.get(name).values());
            }
        }
        JsonNode config = JSON.readTree(spert.resolve("config.json").toFile());
        JsonNode originalConfig = JSON.readTree(SpertFixtureTest.FIXTURE.resolve("model/config.json").toFile());
        assertThat(config.get("spert_version").asText()).isEqualTo("1.1");
        assertThat(config.get("architectures").get(0).asText()).isEqualTo("SpERT");
        for (String field : List.of("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                "intermediate_size", "max_position_embeddings", "type_vocab_size", "hidden_act", "model_type")) {
            assertThat(config.get(field)).as(field).isEqualTo(originalConfig.get(field));
        }
        assertThat(spert.resolve("vocab.txt")).hasSameTextualContentAs(SpertFixtureTest.FIXTURE.resolve("model/vocab.txt"));
        assertThat(JSON.readTree(spert.resolve("tokenizer_config.json").toFile()).get("do_lower_case").asBoolean(true)).isFalse();
        assertThat(spert.resolve("eval.conf")).content().contains("size_embedding = 25", "max_span_size = 10",
                "rel_filter_threshold = 0.4", "lowercase = false");
    }

    /** A spanrel model with temperatures: exported with them folded into the classifiers, it predicts the same. */
    @Test
    void temperaturesAreFoldedIntoTheExportedClassifiers() throws IOException {
        Path model = tmp.resolve("model");
        SpertImport.run(SpertFixtureTest.FIXTURE.resolve("model"), SpertFixtureTest.TYPES, Optional.empty(),
                SpertSettings.defaults(), model);
        editModelConfig(model, "entityTemperature", 2.0);
        editModelConfig(model, "relationTemperature", 0.5);
        Path spert = tmp.resolve("spert");
        assertThat(SpertExport.run(model, spert).notes()).anyMatch(n -> n.contains("folded"));
        Path back = tmp.resolve("back");
        SpertImport.run(spert, spert.resolve("types.json"), Optional.empty(), SpertSettings.defaults(), back);
        try (ModelTagger tempered = ModelTagger.load(model); ModelTagger folded = ModelTagger.load(back)) {
            List<Document> gold = SpertJson.readDocuments(SpertFixtureTest.TEST, tempered.types());
            List<Document> expected = tempered.predictDocuments(gold);
            // At T = 0.5 the relation probabilities move away from 0.4: other relations than at T = 1.
            assertThat(expected.stream().mapToInt(d -> d.relations().size()).sum()).isNotEqualTo(499);
            assertThat(folded.predictDocuments(gold)).isEqualTo(expected);
        }
    }

    @Test
    void aModelWithEntityTypesInItsRelationInputHasNoSpertForm() throws IOException {
        Path model = tmp.resolve("model");
        SpertImport.run(SpertFixtureTest.FIXTURE.resolve("model"), SpertFixtureTest.TYPES, Optional.empty(),
                SpertSettings.defaults(), model);
        editModelConfig(model, "relationUsesEntityTypes", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpertExport.run(model, tmp.resolve("spert")))
                .hasMessageContaining(model.resolve("spanrel.json") + ": model.relationUsesEntityTypes is true");
    }

    private static void editModelConfig(Path model, String key, Object value) throws IOException {
        Path file = model.resolve("spanrel.json");
        com.fasterxml.jackson.databind.node.ObjectNode description = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) description.get("model")).putPOJO(key, value);
        java.nio.file.Files.writeString(file, JSON.writeValueAsString(description));
    }
}
