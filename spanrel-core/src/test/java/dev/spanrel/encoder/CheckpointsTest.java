package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.SharedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    private static final Path TINY = SharedFolder.fixture("tiny-bert");

    @TempDir
    Path tmp;

    @Test
    void safetensorsRoundTrip() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.put("b.bias", new FloatTensor(new long[] {1}, new float[] {Float.MIN_VALUE}));
        Path file = tmp.resolve("x/model.safetensors");
        SafetensorsWriter.write(file, tensors);
        Map<String, FloatTensor> back = SafetensorsReader.read(file);
        assertThat(back.keySet()).containsExactly("a.weight", "b.bias");
        assertThat(back.get("a.weight").shape()).containsExactly(2, 3);
        assertThat(back.get("a.weight").values()).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(back.get("b.bias").values()).containsExactly(Float.MIN_VALUE);
        try (var files = uncheckedList(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void safetensorsAndTorchZipHoldTheSameTensors() {
        Map<String, FloatTensor> st = Checkpoints.read(TINY.resolve("model.safetensors"));
        Map<String, FloatTensor> pt = Checkpoints.read(TINY.resolve("pytorch_model.bin"));
        assertThat(pt.keySet()).containsAll(BertConfig.read(TINY.resolve("config.json")).tensorShapes(true).keySet());
        for (String name : pt.keySet()) {
            assertThat(st).containsKey(name);
            assertThat(pt.get(name).shape()).as(name).containsExactly(st.get(name).shape());
            assertThat(Arrays.equals(pt.get(name).values(), st.get(name).values())).as(name).isTrue();
        }
    }

    @Test
    void directoryIsDetected() {
        assertThat(Checkpoints.read(TINY)).containsKey("pooler.dense.bias");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> Checkpoints.read(tmp.resolve("nope.safetensors")))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("not found");
    }

    @Test
    void truncatedSafetensorsIsAClearError() throws IOException {
        byte[] bytes = Files.readAllBytes(TINY.resolve("model.safetensors"));
        Path cut = tmp.resolve("model.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Checkpoints.read(cut)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedTorchZipIsAClearError() throws IOException {
        byte[] bytes = Files.readAllBytes(TINY.resolve("pytorch_model.bin"));
        Path cut = tmp.resolve("pytorch_model.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Checkpoints.read(cut)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("pytorch_model.bin");
    }

    @Test
    void shapeMismatchAgainstConfigIsAClearError() {
        BertConfig tiny = BertConfig.read(TINY.resolve("config.json"));
        BertConfig wider = new BertConfig(tiny.vocabSize(), 64, tiny.numHiddenLayers(), tiny.numAttentionHeads(),
                tiny.intermediateSize(), tiny.maxPositionEmbeddings(), tiny.typeVocabSize(), tiny.layerNormEps(),
                0.1, 0.1);
        assertThatThrownBy(() -> Checkpoints.validate(Checkpoints.read(TINY), wider, "tiny"))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("embeddings.word_embeddings.weight").hasMessageContaining("[99, 64]");
    }

    @Test
    void tfNamesMapToHuggingFace() {
        Map<String, FloatTensor> tf = new LinkedHashMap<>();
        tf.put("module/bert/encoder/layer_11/attention/self/query/kernel",
                new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tf.put("module/bert/embeddings/word_embeddings", new FloatTensor(new long[] {1}, new float[] {0}));
        tf.put("module/bert/encoder/layer_0/output/LayerNorm/gamma", new FloatTensor(new long[] {1}, new float[] {1}));
        tf.put("module/cls/predictions/output_bias", new FloatTensor(new long[] {1}, new float[] {1}));
        tf.put("module/cls/predictions/transform/LayerNorm/beta", new FloatTensor(new long[] {1}, new float[] {1}));
        Map<String, FloatTensor> hf = Checkpoints.fromTf(tf);
        assertThat(hf.keySet()).containsExactly("encoder.layer.11.attention.self.query.weight",
                "embeddings.word_embeddings.weight", "encoder.layer.0.output.LayerNorm.weight", "cls.predictions.bias",
                "cls.predictions.transform.LayerNorm.bias");
        FloatTensor q = hf.get("encoder.layer.11.attention.self.query.weight");
        assertThat(q.shape()).containsExactly(3, 2);
        assertThat(q.values()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void configRejectsOtherActivationsAndRoundTrips() throws IOException {
        String json = Files.readString(TINY.resolve("config.json")).replace("\"gelu\"", "\"gelu_new\"");
        Path bad = tmp.resolve("config.json");
        Files.writeString(bad, json);
        assertThatThrownBy(() -> BertConfig.read(bad)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("gelu_new");
        BertConfig base = BertConfig.bertBaseCased();
        Path out = tmp.resolve("out/config.json");
        base.write(out);
        assertThat(BertConfig.read(out)).isEqualTo(base);
        assertThat(base.tensorShapes(true)).hasSize(199);
    }

    private static java.util.stream.Stream<Path> uncheckedList(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
