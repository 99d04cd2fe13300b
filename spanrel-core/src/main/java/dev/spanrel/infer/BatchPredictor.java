package dev.spanrel.infer;

import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SpanRelModel;
import ai.djl.ndarray.NDManager;
import dev.spanrel.data.Document;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Predicts many documents: sorts them by length so batches carry little padding, decodes batch by batch, and
 * returns the predictions in the input order.
 */
public final class BatchPredictor {
    private final SpanDecoder decoder;
    private final WordPieceTokenizer tokenizer;
    private final int batchSize;

    /**
     * A predictor with the relation threshold the model was trained with.
     *
     * @param model the trained network
     * @param types its type system
     * @param tokenizer its tokenizer
     * @param maxPositions the encoder's position limit; longer documents are encoded in windows
     * @param batchSize documents decoded at once
     */
    public BatchPredictor(SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer, int maxPositions, int batchSize) {
        this(model, types, tokenizer, maxPositions, batchSize, model.config().relationThreshold());
    }

    /**
     * A predictor with a relation threshold of the caller's.
     *
     * @param model the trained network
     * @param types its type system
     * @param tokenizer its tokenizer
     * @param maxPositions the encoder's position limit; longer documents are encoded in windows
     * @param batchSize documents decoded at once
     * @param relationThreshold the probability from which a relation type is predicted
     */
    public BatchPredictor(SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer, int maxPositions, int batchSize,
            double relationThreshold) {
        this(new SpanDecoder(model, types, tokenizer.padId(), maxPositions, relationThreshold), tokenizer, batchSize);
    }

    BatchPredictor(SpanDecoder decoder, WordPieceTokenizer tokenizer, int batchSize) {
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.batchSize = Math.max(1, batchSize);
    }

    /**
     * Predictions for sentences of words, in order.
     *
     * @param manager the manager the batches' arrays are made under
     * @param sentences each sentence's words
     * @return one prediction per sentence
     */
    public List<SentencePrediction> predict(NDManager manager, List<List<String>> sentences) {
        List<EncodedDocument> encoded = new ArrayList<>(sentences.size());
        for (List<String> words : sentences) {
            encoded.add(new EncodedDocument(new Document("", words, List.of(), List.of()), tokenizer.encodeWords(words)));
        }
        return predictEncoded(manager, encoded);
    }

    /**
     * Predicted copies of annotated documents (same tokens and ids), for evaluation.
     *
     * @param manager the manager the batches' arrays are made under
     * @param docs annotated documents
     * @return one predicted document per input, in order
     */
    public List<Document> predictDocuments(NDManager manager, List<Document> docs) {
        List<SentencePrediction> predictions = predictScored(manager, docs);
        List<Document> out = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            out.add(Predictions.toDocument(docs.get(i), predictions.get(i)));
        }
        return out;
    }

    /**
     * The predictions for annotated documents with their scores, in document order.
     *
     * @param manager the manager the batches' arrays are made under
     * @param docs annotated documents
     * @return one prediction per document
     */
    public List<SentencePrediction> predictScored(NDManager manager, List<Document> docs) {
        List<EncodedDocument> encoded = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            encoded.add(new EncodedDocument(doc, tokenizer.encodeWords(doc.tokens())));
        }
        return predictEncoded(manager, encoded);
    }

    /**
     * Predictions for encoded documents, decoded in batches of similar length and returned in input order.
     *
     * @param manager the manager the batches' arrays are made under
     * @param docs the encoded documents
     * @return one prediction per document
     */
    public List<SentencePrediction> predictEncoded(NDManager manager, List<EncodedDocument> docs) {
        Integer[] order = new Integer[docs.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> docs.get(i).subTokenCount()));
        SentencePrediction[] out = new SentencePrediction[docs.size()];
        for (int from = 0, to; from < order.length; from = to) {
            to = batchEnd(docs, order, from);
            List<EncodedDocument> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(docs.get(order[i]));
            }
            List<SentencePrediction> predicted = decoder.decode(manager, batch);
            for (int i = from; i < to; i++) {
                out[order[i]] = predicted.get(i - from);
            }
        }
        return Arrays.asList(out);
    }

    /**
     * Where the batch that starts at {@code from} (in length order) ends: {@code batchSize} documents, but a
     * document longer than the encoder's positions alone, since its word vectors and spans grow with its length
     * and a batch pads every document to the longest.
     */
    private int batchEnd(List<EncodedDocument> docs, Integer[] order, int from) {
        if (docs.get(order[from]).subTokenCount() > decoder.maxPositions()) {
            return from + 1;
        }
        int to = from + 1;
        while (to < order.length && to - from < batchSize && docs.get(order[to]).subTokenCount() <= decoder.maxPositions()) {
            to++;
        }
        return to;
    }
}
