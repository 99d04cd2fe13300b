package dev.spanrel.spert;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.model.ModelConfig;
import dev.spanrel.model.SavedModel;
import dev.spanrel.model.SpanRelModel;
import dev.spanrel.text.WordPieceTokenizer;
import dev.spanrel.train.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A SpERT model directory becomes a spanrel model directory ({@link SavedModel}), which {@code Extractor.load},
 * {@code predict}, {@code eval} and {@code serve} open like any other. Sizes come from the tensors, the settings
 * SpERT keeps outside its checkpoint from {@link SpertSettings}; the model decodes as SpERT does, and
 * {@code spanrel.json} says where it came from under {@code imported}.
 */
public final class SpertImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unused by a SpERT model (its relation input has no entity-type embeddings); a valid placeholder. */
    private static final int NO_TYPE_EMBEDDING = 25;

    private SpertImport() {}

    /** What was imported, for the command's report. */
    public record Result(Path model, ModelConfig config, TypeSystem types, SpertCheckpoint checkpoint, boolean lowerCase) {}

    /**
     * Imports a SpERT model directory into a spanrel model directory.
     *
     * @param checkpointDir the SpERT model directory
     * @param typesFile the types file the SpERT model was trained with
     * @param vocabulary a {@code vocab.txt} to use instead of the directory's, if any
     * @param settings the settings SpERT keeps outside its checkpoint
     * @param out the spanrel model directory to write
     * @return what was imported
     * @throws SpanrelException when the checkpoint, the types or the settings do not fit together
     */
    public static Result run(Path checkpointDir, Path typesFile, Optional<Path> vocabulary, SpertSettings settings, Path out) {
        TypeSystem types = SpertJson.readTypes(typesFile);
        SpertCheckpoint checkpoint = SpertCheckpoint.read(checkpointDir, types, typesFile, vocabulary);
        settings.sizeEmbedding().ifPresent(size -> {
            if (size != checkpoint.widthEmbeddingSize()) {
                throw new SpanrelException("size_embedding " + size + " (" + settings.sources().get("widthEmbeddingSize")
                        + ") differs from the checkpoint's: " + checkpointDir.resolve(SpertCheckpoint.WEIGHTS)
                        + ", tensor 'size_embeddings.weight' is " + checkpoint.widthEmbeddingCount() + " x "
                        + checkpoint.widthEmbeddingSize());
            }
        });
        if (settings.maxSpanSize() >= checkpoint.widthEmbeddingCount()) {
            throw new SpanrelException("max span size " + settings.maxSpanSize() + " needs a size embedding row per"
                    + " width, but tensor 'size_embeddings.weight' has " + checkpoint.widthEmbeddingCount() + " rows");
        }
        ModelConfig config = new ModelConfig(settings.maxSpanSize(), checkpoint.widthEmbeddingSize(),
                checkpoint.widthEmbeddingCount(), settings.dropout(), 1.0, 1.0, settings.relationThreshold(), false,
                NO_TYPE_EMBEDDING, settings.keepAllEntities(), settings.symmetricBySpanStart());
        boolean lowerCase = settings.lowerCase().orElse(checkpoint.lowerCase());
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocab(checkpoint.vocabulary(), lowerCase);
                NDManager manager = NDManager.newBaseManager()) {
            if (tokenizer.vocabSize() > checkpoint.bert().vocabSize()) {
                throw new SpanrelException(checkpoint.vocabulary() + " has " + tokenizer.vocabSize() + " entries but"
                        + " the encoder's word embeddings (" + checkpointDir.resolve("config.json") + ", vocab_size) only "
                        + checkpoint.bert().vocabSize() + ": not the vocabulary of this model");
            }
            SpanRelModel model = new SpanRelModel(checkpoint.bert(), config, types.entityTypeCount(), types.relationTypeCount());
            model.initialize(manager);
            SavedModel.loadTensors(model, checkpoint.tensors(), checkpointDir.resolve(SpertCheckpoint.WEIGHTS));
            ObjectNode info = JSON.createObjectNode();
            info.set("imported", provenance(checkpoint, typesFile, settings));
            SavedModel.write(out, model, types, tokenizer, info);
        }
        return new Result(out, config, types, checkpoint, lowerCase);
    }

    private static ObjectNode provenance(SpertCheckpoint checkpoint, Path typesFile, SpertSettings settings) {
        ObjectNode p = JSON.createObjectNode();
        p.put("from", "SpERT");
        p.put("spert_version", checkpoint.spertVersion());
        checkpoint.transformersVersion().ifPresent(v -> p.put("transformers_version", v));
        Path weights = checkpoint.directory().resolve(SpertCheckpoint.WEIGHTS);
        p.put("checkpoint", checkpoint.directory().toAbsolutePath().normalize().toString());
        p.put("checkpoint_sha256", FileDigests.sha256(weights));
        p.put("types", typesFile.toAbsolutePath().normalize().toString());
        p.put("types_sha256", FileDigests.sha256(typesFile));
        p.put("vocabulary", checkpoint.vocabulary().toAbsolutePath().normalize().toString());
        ObjectNode sources = p.putObject("settings");
        settings.sources().forEach(sources::put);
        p.put("imported_at", Instant.now().toString());
        p.put("code_version", Provenance.codeVersion());
        return p;
    }
}
