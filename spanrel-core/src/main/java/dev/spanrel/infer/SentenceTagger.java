package dev.spanrel.infer;

import dev.spanrel.data.TypeSystem;
import dev.spanrel.model.SentencePrediction;
import java.util.List;

/**
 * Predicts entities and relations for sentences that are already split into words. The trained model is one;
 * tests use simple stand-ins. Implementations are thread-safe.
 */
public interface SentenceTagger extends AutoCloseable {
    TypeSystem types();

    /** One prediction per sentence, in order. */
    List<SentencePrediction> predict(List<List<String>> sentences);

    @Override
    default void close() {}
}
