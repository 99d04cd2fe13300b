package dev.spanrel.text;

/**
 * A word of raw text: its characters and where they sit in the input, as UTF-16 indices, so that
 * {@code input.substring(charStart, charEnd)} equals {@code text}.
 *
 * @param text the word
 * @param charStart where it starts in the input
 * @param charEnd where it ends (exclusive)
 */
public record Token(String text, int charStart, int charEnd) {
    /**
     * Checks that the range is as long as the text.
     *
     * @param text the word
     * @param charStart where it starts in the input
     * @param charEnd where it ends (exclusive)
     */
    public Token {
        if (charStart < 0 || charEnd < charStart || charEnd - charStart != text.length()) {
            throw new IllegalArgumentException("token '" + text + "' does not fit [" + charStart + ", " + charEnd + ")");
        }
    }
}
