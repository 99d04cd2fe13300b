package dev.spanrel.text;

import java.util.List;

/**
 * A sentence of raw text (or one chunk of a sentence too long for the model): its words and the UTF-16 range
 * {@code [charStart, charEnd)} of the input from its first word's start to its last word's end.
 *
 * @param tokens the words with their offsets
 * @param charStart where the first word starts
 * @param charEnd where the last word ends (exclusive)
 */
public record Sentence(List<Token> tokens, int charStart, int charEnd) {
    /**
     * Copies the tokens.
     *
     * @param tokens the words with their offsets
     * @param charStart where the first word starts
     * @param charEnd where the last word ends (exclusive)
     */
    public Sentence {
        tokens = List.copyOf(tokens);
    }

    /**
     * The word strings, as a model takes them.
     *
     * @return the tokens' texts, in order
     */
    public List<String> words() {
        return tokens.stream().map(Token::text).toList();
    }
}
