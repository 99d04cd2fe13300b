package dev.spanrel.text;

/**
 * A sentence as encoder input: {@code [CLS]} + each word's WordPiece ids + {@code [SEP]}, and where each word's
 * sub-tokens sit in {@code ids} ({@code [wordStarts[i], wordEnds[i])}, end exclusive; {@code [CLS]} is at 0).
 */
public record EncodedSentence(int[] ids, int[] wordStarts, int[] wordEnds) {
    /**
     * The number of sub-tokens, {@code [CLS]} and {@code [SEP]} included.
     *
     * @return the length of {@code ids}
     */
    public int length() {
        return ids.length;
    }

    /**
     * The number of words.
     *
     * @return the length of {@code wordStarts}
     */
    public int wordCount() {
        return wordStarts.length;
    }
}
