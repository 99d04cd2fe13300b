package dev.spanrel.cli;

import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.SentenceTaggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens any directory holding {@value #MARKER} as a {@link GazetteerTagger}: the CLI's model loading in tests. */
public final class GazetteerTaggerFactory implements SentenceTaggerFactory {
    static final String MARKER = "gazetteer-model.txt";

    /** A model directory this factory accepts. */
    static Path createModelDir(Path parent) {
        try {
            Path dir = Files.createDirectories(parent.resolve("gazetteer-model"));
            Files.writeString(dir.resolve(MARKER), "a dictionary tagger for tests\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean accepts(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(MARKER));
    }

    @Override
    public SentenceTagger load(Path modelDir) {
        return new GazetteerTagger();
    }
}
