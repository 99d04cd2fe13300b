package dev.spanrel.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BERT's WordPiece tokenizer, run by DJL's Hugging Face tokenizers (Rust) from a {@code tokenizer.json} we
 * generate from {@code vocab.txt}: BertNormalizer, BertPreTokenizer, WordPiece with {@code ##} continuations.
 *
 * <p>{@link #encodeWords} tokenizes each word on its own, as SpERT does, and caches the pieces of every word it
 * has seen: datasets repeat words, so most lookups never cross into native code. Thread-safe.
 */
public final class WordPieceTokenizer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final HuggingFaceTokenizer tokenizer;
    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final boolean lowerCase;
    private final int cls;
    private final int sep;
    private final int pad;
    private final int unk;
    private final int mask;
    private final ConcurrentHashMap<String, int[]> wordCache = new ConcurrentHashMap<>();

    private WordPieceTokenizer(HuggingFaceTokenizer tokenizer, String[] vocab, Map<String, Integer> ids,
            boolean lowerCase) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.ids = ids;
        this.lowerCase = lowerCase;
        this.cls = requireSpecial(ids, "[CLS]");
        this.sep = requireSpecial(ids, "[SEP]");
        this.pad = requireSpecial(ids, "[PAD]");
        this.unk = requireSpecial(ids, "[UNK]");
        this.mask = requireSpecial(ids, "[MASK]");
    }

    /**
     * Builds the tokenizer for a BERT {@code vocab.txt} (one token a line, id = line number).
     *
     * @param vocabTxt the vocabulary file
     * @param lowerCase whether text is lower-cased first, as uncased models need
     * @return the tokenizer; the caller closes it
     */
    public static WordPieceTokenizer fromVocab(Path vocabTxt, boolean lowerCase) {
        if (!Files.isRegularFile(vocabTxt)) {
            throw new SpanrelException("vocabulary not found: " + vocabTxt);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpanrelException("cannot read vocabulary " + vocabTxt + ": " + e.getMessage(), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // a trailing newline is not a token
        }
        String[] vocab = lines.toArray(String[]::new);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.length; i++) {
            ids.putIfAbsent(vocab[i], i);
        }
        for (String s : SPECIALS) {
            if (!ids.containsKey(s)) {
                throw new SpanrelException(vocabTxt + ": vocabulary lacks the special token " + s);
            }
        }
        byte[] json = tokenizerJson(vocab, ids, lowerCase);
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new WordPieceTokenizer(hf, vocab, ids, lowerCase);
        } catch (IOException | RuntimeException e) {
            throw new SpanrelException("cannot build a WordPiece tokenizer from " + vocabTxt + ": " + e.getMessage(), e);
        }
    }

    /** The Hugging Face {@code tokenizer.json} equivalent to {@code BertTokenizer(vocab, do_lower_case)}. */
    static byte[] tokenizerJson(String[] vocab, Map<String, Integer> ids, boolean lowerCase) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : SPECIALS) {
            added.addObject().put("id", ids.get(s)).put("content", s).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer").put("clean_text", true).put("handle_chinese_chars", true)
                .putNull("strip_accents");
        norm.put("lowercase", lowerCase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode t = specials.putObject(s);
            t.put("id", s);
            t.putArray("ids").add(ids.get(s));
            t.putArray("tokens").add(s);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.length; i++) {
            if (ids.get(vocab[i]) == i) {
                v.put(vocab[i], i);
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SpanrelException("cannot build tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * The WordPiece tokens of a text, without special tokens.
     *
     * @param text any text
     * @return the pieces
     */
    public List<String> tokenize(String text) {
        return Arrays.asList(tokenizer.encode(text, false, false).getTokens());
    }

    /**
     * The WordPiece ids of a text, without special tokens.
     *
     * @param text any text
     * @return the ids
     */
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /**
     * {@code [CLS]} + each word's pieces + {@code [SEP]}, each word tokenized on its own; a word that yields no
     * pieces (e.g. only control characters) becomes {@code [UNK]} so that every word has at least one sub-token.
     *
     * @param words the sentence's words
     * @return the ids with each word's sub-token range
     */
    public EncodedSentence encodeWords(List<String> words) {
        int[][] pieces = new int[words.size()][];
        int total = 2;
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = wordCache.computeIfAbsent(words.get(i), this::piecesOf);
            total += pieces[i].length;
        }
        int[] idsOut = new int[total];
        int[] starts = new int[pieces.length];
        int[] ends = new int[pieces.length];
        idsOut[0] = cls;
        int pos = 1;
        for (int i = 0; i < pieces.length; i++) {
            starts[i] = pos;
            System.arraycopy(pieces[i], 0, idsOut, pos, pieces[i].length);
            pos += pieces[i].length;
            ends[i] = pos;
        }
        idsOut[pos] = sep;
        return new EncodedSentence(idsOut, starts, ends);
    }

    private int[] piecesOf(String word) {
        int[] p = encode(word);
        return p.length == 0 ? new int[] {unk} : p;
    }

    /**
     * The id of {@code [CLS]}.
     *
     * @return the id
     */
    public int clsId() {
        return cls;
    }

    /**
     * The id of {@code [SEP]}.
     *
     * @return the id
     */
    public int sepId() {
        return sep;
    }

    /**
     * The id of {@code [PAD]}.
     *
     * @return the id
     */
    public int padId() {
        return pad;
    }

    /**
     * The id of {@code [UNK]}.
     *
     * @return the id
     */
    public int unkId() {
        return unk;
    }

    /**
     * The id of {@code [MASK]}.
     *
     * @return the id
     */
    public int maskId() {
        return mask;
    }

    /**
     * The id of a vocabulary entry, or the {@code [UNK]} id for a token not in it.
     *
     * @param token a vocabulary entry
     * @return its id
     */
    public int idOf(String token) {
        return ids.getOrDefault(token, unk);
    }

    /**
     * The vocabulary entry of an id; fails for an id outside the vocabulary.
     *
     * @param id a token id
     * @return the entry
     */
    public String tokenOf(int id) {
        if (id < 0 || id >= vocab.length) {
            throw new SpanrelException("token id " + id + " is outside the vocabulary of " + vocab.length);
        }
        return vocab[id];
    }

    /**
     * The number of entries in the vocabulary.
     *
     * @return the size
     */
    public int vocabSize() {
        return vocab.length;
    }

    /**
     * Whether text is lower-cased before tokenization.
     *
     * @return true for an uncased vocabulary
     */
    public boolean lowerCase() {
        return lowerCase;
    }

    /**
     * Writes the vocabulary as {@code vocab.txt}, one token a line, atomically.
     *
     * @param vocabTxt the file to write
     */
    public void writeVocab(Path vocabTxt) {
        AtomicFiles.writeString(vocabTxt, String.join("\n", vocab) + "\n");
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    private static int requireSpecial(Map<String, Integer> ids, String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new SpanrelException("vocabulary lacks the special token " + token);
        }
        return id;
    }
}
