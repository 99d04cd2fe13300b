package dev.spanrel.text;

/**
 * A word of raw text: its characters and where they sit in the input, as UTF-16 indices, so that
 * {@code input.substring(charStart, charEnd)} equals {@code text}.
 */
public record Token(String text, int charStart, int charEnd) {
    public Token {
        if (charStart < 0 || charEnd < charStart || charEnd - charStart != text.length()) {
            throw new IllegalArgumentException("token '" + text + "' does not fit [" + charStart + ", " + charEnd + ")");
        }
    }
}
