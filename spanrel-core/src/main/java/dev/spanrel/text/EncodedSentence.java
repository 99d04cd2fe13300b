package dev.spanrel.text;

/**
 * A sentence as encoder input: {@code [CLS]} + each word's WordPiece ids + {@code [SEP]}, and where each word's
 * sub-tokens sit in {@code ids} ({@code [wordStarts[i], wordEnds[i])}, end exclusive; {@code [CLS]} is at 0).
 */
public record EncodedSentence(int[] ids, int[] wordStarts, int[] wordEnds) {
    public int length() {
        return ids.length;
    }

    public int wordCount() {
        return wordStarts.length;
    }
}
