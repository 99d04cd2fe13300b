package dev.spanrel.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextSegmenterTest {
    private final TextSegmenter segmenter = TextSegmenter.create();

    private static List<String> words(List<Token> tokens) {
        return tokens.stream().map(Token::text).toList();
    }

    private static void assertOffsetsExact(String input, List<Sentence> sentences) {
        for (Sentence sentence : sentences) {
            assertThat(sentence.charStart()).isEqualTo(sentence.tokens().get(0).charStart());
            assertThat(sentence.charEnd()).isEqualTo(sentence.tokens().get(sentence.tokens().size() - 1).charEnd());
            for (Token token : sentence.tokens()) {
                assertThat(input.substring(token.charStart(), token.charEnd())).isEqualTo(token.text());
                assertThat(token.text()).isNotBlank();
            }
        }
    }

    @Test
    void splitsPunctuationTheWayTheBenchmarkDoes() {
        List<Token> tokens = segmenter.tokenize(
                "Mr. Smith's office (in the U.S.) said \"no,\" and first-degree charges don't apply...");
        assertThat(words(tokens)).containsExactly(
                "Mr.", "Smith", "'s", "office", "(", "in", "the", "U.S.", ")", "said", "\"", "no", ",", "\"", "and",
                "first-degree", "charges", "don", "'t", "apply", "...");
    }

    @Test
    void keepsInitialsAndAbbreviationsButSeparatesAFinalPeriod() {
        assertThat(words(segmenter.tokenize("F. Scott met Dr. Jones in Calif. on Dec. 5, 1,000.5 miles away.")))
                .containsExactly("F.", "Scott", "met", "Dr.", "Jones", "in", "Calif.", "on", "Dec.", "5", ",",
                        "1,000.5", "miles", "away", ".");
    }

    @Test
    void splitsSentencesButNotAfterAbbreviations() {
        String text = "Mr. Smith lives in the U.S. now. He works for Acme Inc. in Boston!  Does he?";
        List<Sentence> sentences = segmenter.segment(text);
        assertThat(sentences).extracting(s -> String.join(" ", s.words())).containsExactly(
                "Mr. Smith lives in the U.S. now .", "He works for Acme Inc. in Boston !", "Does he ?");
        assertOffsetsExact(text, sentences);
    }

    @Test
    void initialsTitlesAndTimesBeforeTheirZoneDoNotEndASentenceButABlankLineStillDoes() {
        String text = "Boston University's Michael D. Papagiannis said it. Bingham County Sheriff's Lt. Bill Gordon "
                + "agreed. The U.S. Army did not. At 2 a.m. EDT it rained. It stopped at 4 a.m. Then it snowed."
                + "\n\nJudith C.\n\nToth left.";
        List<Sentence> sentences = segmenter.segment(text);
        assertThat(sentences).extracting(s -> String.join(" ", s.words())).containsExactly(
                "Boston University 's Michael D. Papagiannis said it .",
                "Bingham County Sheriff 's Lt. Bill Gordon agreed .",
                "The U.S. Army did not .",
                "At 2 a.m. EDT it rained .",
                "It stopped at 4 a.m.",
                "Then it snowed .",
                "Judith C.",
                "Toth left .");
        assertOffsetsExact(text, sentences);
    }

    @Test
    void offsetsAreExactOnAccentsEmojiCjkCurlyQuotesAndOddSpacing() {
        String text = "Zoë  Saldaña 👩‍🚀 visited São Paulo\u00A0on “Friday” — it’s 東京 next.\n\n"
                + "Ça va?\tJosé’s café 😀😀 costs €5.\r\nNew line\nhere.  ";
        List<Sentence> sentences = segmenter.segment(text);
        assertOffsetsExact(text, sentences);
        List<String> all = sentences.stream().flatMap(s -> s.words().stream()).toList();
        assertThat(all).contains("Zoë", "Saldaña", "São", "Paulo", "“", "Friday", "”", "—", "it", "’s", "Ça",
                "José", "café", "€", "5", "New", "line", "here", ".");
        assertThat(all).anyMatch(w -> w.contains("👩"));
        assertThat(all).anyMatch(w -> w.contains("東"));
        assertThat(String.join("", all)).isEqualTo(text.replaceAll("\\s+", "").replace("\u00A0", ""));
    }

    @Test
    void aSingleLineBreakDoesNotEndASentenceButABlankLineDoes() {
        String text = "John Smith lives\nin Paris\n\nMary works";
        List<Sentence> sentences = segmenter.segment(text);
        assertThat(sentences).extracting(Sentence::words).containsExactly(
                List.of("John", "Smith", "lives", "in", "Paris"), List.of("Mary", "works"));
        assertOffsetsExact(text, sentences);
    }

    @Test
    void blankTextHasNoSentences() {
        assertThat(segmenter.segment("")).isEmpty();
        assertThat(segmenter.segment(" \n\t \r\n ")).isEmpty();
    }

    @Test
    void longSentencesAreChunkedAtWordBoundariesWithoutLosingWords() {
        String text = IntStream.range(0, 250).mapToObj(i -> "w" + i).collect(Collectors.joining(" ")) + ".";
        List<Sentence> sentences = TextSegmenter.withMaxWords(100).segment(text);
        assertThat(sentences).extracting(s -> s.tokens().size()).containsExactly(100, 100, 51);
        assertThat(sentences.stream().flatMap(s -> s.words().stream()).toList())
                .isEqualTo(segmenter.tokenize(text).stream().map(Token::text).toList());
        assertOffsetsExact(text, sentences);
    }

    @Test
    void chunksPreferToEndAfterAComma() {
        String text = IntStream.range(0, 30).mapToObj(i -> i == 7 ? "w7," : "w" + i).collect(Collectors.joining(" "));
        List<Sentence> sentences = TextSegmenter.withMaxWords(10).segment(text);
        assertThat(sentences.get(0).words()).endsWith("w7", ",");
        assertThat(sentences).allSatisfy(s -> assertThat(s.tokens().size()).isLessThanOrEqualTo(10));
        assertThat(sentences.stream().mapToInt(s -> s.tokens().size()).sum()).isEqualTo(31);
        assertOffsetsExact(text, sentences);
    }
}
