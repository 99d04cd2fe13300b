package dev.spanrel.infer;

import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.SentencePrediction;
import java.util.List;

/**
 * Predicts entities and relations for sentences that are already split into words. The trained model is one;
 * tests use simple stand-ins. Implementations are thread-safe.
 */
public interface SentenceTagger extends AutoCloseable {
    /**
     * The entity and relation types this tagger predicts.
     *
     * @return the type system
     */
    TypeSystem types();

    /**
     * One prediction per sentence, in order.
     *
     * @param sentences each sentence's words
     * @return the predictions, entities indexed by word
     */
    List<SentencePrediction> predict(List<List<String>> sentences);

    @Override
    default void close() {}
}
