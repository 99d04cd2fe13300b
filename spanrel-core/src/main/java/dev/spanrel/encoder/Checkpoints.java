package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BERT checkpoint in any format we know (safetensors, PyTorch zip, TF bundle) and returns its tensors
 * under Hugging Face {@code BertModel} names without the {@code bert.} prefix, linear weights [out, in]. MLM head
 * tensors keep their {@code cls.predictions.*} names; the decoder weight is dropped because it is tied to the word
 * embeddings.
 */
public final class Checkpoints {
    private static final Pattern TF_LAYER = Pattern.compile("layer_(\\d+)");

    private Checkpoints() {}

    /**
     * Reads the tensors of a checkpoint file (safetensors, PyTorch zip, TF bundle index) or of a checkpoint directory
     * holding one, under Hugging Face names.
     *
     * @param fileOrDir a checkpoint file or a directory with {@code model.safetensors}, {@code pytorch_model.bin} or a
     *     TF bundle
     * @return tensors by Hugging Face name, in checkpoint order
     */
    public static Map<String, FloatTensor> read(Path fileOrDir) {
        if (!Files.exists(fileOrDir)) {
            throw new SpanrelException("checkpoint not found: " + fileOrDir);
        }
        if (Files.isDirectory(fileOrDir)) {
            for (String name : new String[] {"model.safetensors", "pytorch_model.bin", "variables.index",
                    "variables/variables.index"}) {
                Path p = fileOrDir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return read(p);
                }
            }
            throw new SpanrelException(fileOrDir + " holds no model.safetensors, pytorch_model.bin or TF variables");
        }
        String file = fileOrDir.getFileName().toString();
        if (file.endsWith(".safetensors")) {
            return canonical(SafetensorsReader.read(fileOrDir));
        }
        if (file.equals("variables.index")) {
            return fromTf(TfBundleReader.readDirectory(fileOrDir.getParent()).tensors());
        }
        if (isZip(fileOrDir)) {
            return canonical(TorchZipReader.read(fileOrDir));
        }
        throw new SpanrelException(fileOrDir + ": unknown checkpoint format (expected .safetensors, a torch zip"
                + " such as pytorch_model.bin, or a TF variables.index)");
    }

    /**
     * Converts TF bundle names and layouts to Hugging Face ones.
     *
     * @param tf tensors by TF variable name
     * @return tensors by Hugging Face name, linear weights as [out, in]
     */
    public static Map<String, FloatTensor> fromTf(Map<String, FloatTensor> tf) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : tf.entrySet()) {
            String name = e.getKey();
            if (name.equals("global_step") || name.contains("seq_relationship") || name.contains("adam_")) {
                continue; // training state and the NSP head: not part of the encoder
            }
            name = name.replaceFirst("^module/", "").replaceFirst("^bert/", "");
            Matcher m = TF_LAYER.matcher(name);
            name = m.replaceAll("layer.$1").replace('/', '.');
            FloatTensor t = e.getValue();
            if (name.endsWith(".kernel")) {
                name = name.substring(0, name.length() - ".kernel".length()) + ".weight";
                t = t.transpose2d();
            } else if (name.endsWith(".gamma")) {
                name = name.substring(0, name.length() - ".gamma".length()) + ".weight";
            } else if (name.endsWith(".beta")) {
                name = name.substring(0, name.length() - ".beta".length()) + ".bias";
            } else if (name.endsWith("_embeddings")) {
                name = name + ".weight";
            } else if (name.equals("cls.predictions.output_bias")) {
                name = "cls.predictions.bias";
            }
            out.put(name, t);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Normalizes Hugging Face names: no {@code bert.} prefix, LayerNorm gamma/beta as weight/bias, no tied decoder. */
    static Map<String, FloatTensor> canonical(Map<String, FloatTensor> hf) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : hf.entrySet()) {
            String name = e.getKey().replaceFirst("^bert\\.", "");
            if (name.equals("cls.predictions.decoder.weight") || name.equals("cls.predictions.decoder.bias")
                    || name.startsWith("cls.seq_relationship")) {
                continue;
            }
            name = name.replaceAll("LayerNorm\\.gamma$", "LayerNorm.weight").replaceAll("LayerNorm\\.beta$", "LayerNorm.bias");
            out.put(name, e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Checks every encoder tensor present against the shapes the config implies, and that the required ones are
     * there (token-type embeddings and the pooler may be absent: SpanBERT lacks the former).
     *
     * @param tensors tensors by Hugging Face name
     * @param config the architecture they must fit
     * @param origin where the tensors came from, for the error message
     */
    public static void validate(Map<String, FloatTensor> tensors, BertConfig config, String origin) {
        Map<String, long[]> expected = new LinkedHashMap<>(config.tensorShapes(true));
        expected.putAll(config.maskedLmShapes());
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            FloatTensor t = tensors.get(e.getKey());
            if (t == null) {
                boolean optional = e.getKey().startsWith("pooler.") || e.getKey().startsWith("cls.")
                        || e.getKey().equals("embeddings.token_type_embeddings.weight");
                if (!optional) {
                    throw new SpanrelException(origin + ": tensor '" + e.getKey() + "' is missing");
                }
            } else if (!t.hasShape(e.getValue())) {
                throw new SpanrelException(origin + ": tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + " but the config implies " + Arrays.toString(e.getValue()));
            }
        }
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
