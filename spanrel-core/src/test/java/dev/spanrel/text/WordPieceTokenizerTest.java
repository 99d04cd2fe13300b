package dev.spanrel.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.encoder.EasyBertResource;
import dev.spanrel.SharedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and ids identical to Hugging Face's BertTokenizer (cased) on the shared fixture. */
class WordPieceTokenizerTest {
    @TempDir
    static Path tmp;

    private static WordPieceTokenizer tokenizer;
    private static JsonNode fixture;

    @BeforeAll
    static void setUp() throws IOException {
        Path vocab = tmp.resolve("vocab.txt");
        Files.write(vocab, EasyBertResource.vocab());
        tokenizer = WordPieceTokenizer.fromVocab(vocab, false);
        fixture = new ObjectMapper().readTree(SharedFolder.fixture("wordpiece-cased.json").toFile());
    }

    @AfterAll
    static void tearDown() {
        tokenizer.close();
    }

    @Test
    void specialTokensAndVocab() {
        assertThat(tokenizer.vocabSize()).isEqualTo(28996);
        assertThat(tokenizer.clsId()).isEqualTo(101);
        assertThat(tokenizer.sepId()).isEqualTo(102);
        assertThat(tokenizer.padId()).isZero();
        assertThat(tokenizer.unkId()).isEqualTo(100);
        assertThat(tokenizer.maskId()).isEqualTo(103);
        assertThat(tokenizer.tokenOf(tokenizer.idOf("Paris"))).isEqualTo("Paris");
        assertThat(tokenizer.idOf("no-such-token-here")).isEqualTo(100);
        assertThat(tokenizer.lowerCase()).isFalse();
    }

    @Test
    void textsMatchHuggingFace() {
        for (JsonNode t : fixture.get("texts")) {
            String text = t.get("text").asText();
            assertThat(tokenizer.tokenize(text)).as(text).containsExactlyElementsOf(strings(t.get("tokens")));
            int[] ids = tokenizer.encode(text);
            int[] withSpecials = new int[ids.length + 2];
            withSpecials[0] = tokenizer.clsId();
            System.arraycopy(ids, 0, withSpecials, 1, ids.length);
            withSpecials[ids.length + 1] = tokenizer.sepId();
            assertThat(withSpecials).as(text).containsExactly(ints(t.get("ids")));
        }
    }

    @Test
    void wordsAreTokenizedOnTheirOwn() {
        for (JsonNode s : fixture.get("words")) {
            List<String> words = strings(s.get("words"));
            EncodedSentence enc = tokenizer.encodeWords(words);
            assertThat(enc.ids()[0]).isEqualTo(tokenizer.clsId());
            assertThat(enc.ids()[enc.length() - 1]).isEqualTo(tokenizer.sepId());
            assertThat(enc.wordCount()).isEqualTo(words.size());
            for (int w = 0; w < words.size(); w++) {
                List<String> pieces = new ArrayList<>();
                for (int i = enc.wordStarts()[w]; i < enc.wordEnds()[w]; i++) {
                    pieces.add(tokenizer.tokenOf(enc.ids()[i]));
                }
                assertThat(pieces).as(words.get(w)).containsExactlyElementsOf(strings(s.get("pieces").get(w)));
            }
            assertThat(enc.wordEnds()[words.size() - 1]).isEqualTo(enc.length() - 1);
        }
    }

    @Test
    void wordWithoutPiecesBecomesUnk() {
        EncodedSentence enc = tokenizer.encodeWords(List.of("a", "\u200b", "b"));
        assertThat(enc.wordStarts()).containsExactly(1, 2, 3);
        assertThat(enc.wordEnds()).containsExactly(2, 3, 4);
        assertThat(enc.ids()[2]).isEqualTo(tokenizer.unkId());
    }

    @Test
    void vocabRoundTrips() {
        Path out = tmp.resolve("copy/vocab.txt");
        tokenizer.writeVocab(out);
        try (WordPieceTokenizer again = WordPieceTokenizer.fromVocab(out, false)) {
            assertThat(again.vocabSize()).isEqualTo(tokenizer.vocabSize());
            assertThat(again.tokenize("Cupertino")).containsExactly("Cup", "##ert", "##ino");
        }
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
