package dev.spanrel.infer;

import dev.spanrel.model.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Registers trained model directories (those with a {@code spanrel.json}) with {@link Extractor#load}. */
public final class ModelTaggerFactory implements SentenceTaggerFactory {
    @Override
    public boolean accepts(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve("spanrel.json"))
                && SavedModel.FORMAT.equals(SavedModel.readDescription(modelDir).path("format").asText());
    }

    @Override
    public SentenceTagger load(Path modelDir) {
        return ModelTagger.load(modelDir);
    }

    @Override
    public SentenceTagger load(Path modelDir, TaggerOptions options) {
        return ModelTagger.load(modelDir, options.batchSize() > 0 ? options.batchSize() : ModelTagger.DEFAULT_BATCH_SIZE, options);
    }
}
