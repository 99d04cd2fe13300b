package dev.spanrel.infer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tagger factory for tests, on the test class path: it opens directories holding a {@code recording-tagger} file
 * with {@link ExtractorTest.CapitalisedTagger} and records the options it was asked to open them with, and the taggers.
 */
public final class RecordingTaggerFactory implements SentenceTaggerFactory {
    static final String MARKER = "recording-tagger";
    static final List<TaggerOptions> OPENED = Collections.synchronizedList(new ArrayList<>());
    static final List<ExtractorTest.CapitalisedTagger> TAGGERS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean accepts(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(MARKER));
    }

    @Override
    public SentenceTagger load(Path modelDir) {
        return load(modelDir, TaggerOptions.defaults());
    }

    @Override
    public SentenceTagger load(Path modelDir, TaggerOptions options) {
        OPENED.add(options);
        ExtractorTest.CapitalisedTagger tagger = new ExtractorTest.CapitalisedTagger();
        TAGGERS.add(tagger);
        return tagger;
    }
}
