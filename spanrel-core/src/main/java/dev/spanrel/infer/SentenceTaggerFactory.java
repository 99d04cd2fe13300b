package dev.spanrel.infer;

import dev.spanrel.SpanrelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens a model directory as a {@link SentenceTagger}. Model implementations register one through
 * {@link ServiceLoader} ({@code META-INF/services/dev.spanrel.infer.SentenceTaggerFactory}), which keeps the
 * extraction API, the CLI and the server free of any dependency on a model's internals.
 */
public interface SentenceTaggerFactory {
    /**
     * Whether this factory recognises the directory (for example by its {@code spanrel.json}). Several factories
     * may be on the class path; the first that accepts a directory loads it.
     *
     * @param modelDir a directory that may hold a model
     * @return true when this factory can open it
     */
    default boolean accepts(Path modelDir) {
        return true;
    }

    /**
     * The tagger stored in {@code modelDir}; raises {@link SpanrelException} naming what is wrong.
     *
     * @param modelDir a directory this factory accepts
     * @return the tagger; the caller closes it
     */
    SentenceTagger load(Path modelDir);

    /**
     * The same with options; a factory without options of its own ignores them.
     *
     * @param modelDir a directory this factory accepts
     * @param options precision and relation threshold
     * @return the tagger; the caller closes it
     */
    default SentenceTagger load(Path modelDir, TaggerOptions options) {
        return load(modelDir);
    }

    /**
     * Loads {@code modelDir} with the first factory on the class path that accepts it.
     *
     * @param modelDir a model directory
     * @return the tagger; the caller closes it
     */
    static SentenceTagger loadTagger(Path modelDir) {
        return loadTagger(modelDir, TaggerOptions.defaults());
    }

    /**
     * Loads {@code modelDir} with the first factory on the class path that accepts it, with these options.
     *
     * @param modelDir a model directory
     * @param options precision and relation threshold
     * @return the tagger; the caller closes it
     */
    static SentenceTagger loadTagger(Path modelDir, TaggerOptions options) {
        if (!Files.isDirectory(modelDir)) {
            throw new SpanrelException("model directory " + modelDir + " does not exist or is not a directory");
        }
        List<String> declined = new ArrayList<>();
        for (SentenceTaggerFactory factory : ServiceLoader.load(SentenceTaggerFactory.class)) {
            if (factory.accepts(modelDir)) {
                return factory.load(modelDir, options);
            }
            declined.add(factory.getClass().getName());
        }
        if (declined.isEmpty()) {
            throw new SpanrelException("cannot load model " + modelDir + ": no model implementation"
                    + " (dev.spanrel.infer.SentenceTaggerFactory service) is on the class path");
        }
        throw new SpanrelException("cannot load model " + modelDir + ": it is not a model directory that any of "
                + declined + " recognises");
    }
}
