package dev.spanrel.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits raw text into sentences and words the way the benchmark data (CoNLL04, PTB-like) is tokenized, keeping
 * exact UTF-16 offsets into the input.
 *
 * <p>Sentences come from ICU's sentence boundaries with its English abbreviation suppressions ("Mr.", "U.S."
 * do not end a sentence), and no break after an initial, an upper-case acronym or a title when a word follows
 * ("Michael D. Papagiannis", "U.S. Army", "Lt. Bill Gordon"), where ICU would cut a name, nor between "2 a.m."
 * and its time zone. A single line break inside a paragraph is read as a space, so hard-wrapped text is not
 * cut mid-sentence; a blank line always ends a sentence. Words come from ICU's word boundaries, adjusted to the
 * benchmark's conventions: punctuation, brackets and quotes stand alone; "U.S.", "Dr." and initials such as "F."
 * keep their period; hyphenated words ("first-degree") stay whole; clitics split off ("Smith's" → "Smith",
 * "'s"; "don't" → "don", "'t"); runs of one punctuation mark ("...", "--") stay together.
 *
 * <p>A sentence longer than the word limit is cut into chunks, preferably after a comma, semicolon or colon in
 * the second half of the window, never dropped or truncated. Thread-safe: every call works on its own iterators.
 */
public final class TextSegmenter {
    /** The word limit from which a sentence is cut into chunks, unless set otherwise. */
    public static final int DEFAULT_MAX_WORDS = 100;

    // "ss=standard" turns on ICU's list of abbreviations after which a period does not end a sentence.
    private static final ULocale SENTENCE_LOCALE = new ULocale("en@ss=standard");
    private static final Pattern CLITIC = Pattern.compile("(?i)^(.*\\p{L})(['\u2019](?:s|t|re|ve|ll|d|m))$");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "rev", "st",
            "jr", "sr", "inc", "co", "corp", "ltd", "bros", "dept", "univ", "no", "vs", "etc", "mt", "ft", "ave",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la",
            "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex",
            "va", "vt", "wash", "wis", "wyo");
    // Titles written before a name; after them a period does not end the sentence ("St." and "Jr." can).
    private static final Set<String> NAME_TITLES = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "rev", "adm",
            "maj", "cmdr", "cpl", "pvt", "supt", "insp", "det");
    // The last word of a sentence candidate when it ends in a period: letters and periods after a space or opener.
    private static final Pattern ABBREVIATION_AT_END = Pattern.compile("(?:^|[\\s(\"'\u201C])([\\p{L}.]*\\p{L}\\.)\\s*$");
    private static final Pattern INITIAL_OR_ACRONYM = Pattern.compile("(?:\\p{Lu}\\.)+");
    private static final Pattern CLOCK_AT_END = Pattern.compile("\\d\\s*[ap]\\.m\\.\\s*$");
    private static final Pattern TIME_ZONE_NEXT = Pattern.compile("\\s*(?:[ECMP][SD]T|GMT|UTC)\\b");
    private static final Set<String> CLAUSE_BREAKS = Set.of(",", ";", ":", "--");

    private final int maxWordsPerSentence;
    private final BreakIterator sentencePrototype;
    private final BreakIterator wordPrototype;

    private TextSegmenter(int maxWordsPerSentence) {
        if (maxWordsPerSentence < 1) {
            throw new IllegalArgumentException("max words per sentence must be at least 1: " + maxWordsPerSentence);
        }
        this.maxWordsPerSentence = maxWordsPerSentence;
        this.sentencePrototype = BreakIterator.getSentenceInstance(SENTENCE_LOCALE);
        this.wordPrototype = BreakIterator.getWordInstance(ULocale.ENGLISH);
    }

    /**
     * A segmenter that chunks sentences longer than {@value #DEFAULT_MAX_WORDS} words.
     *
     * @return the segmenter
     */
    public static TextSegmenter create() {
        return new TextSegmenter(DEFAULT_MAX_WORDS);
    }

    /**
     * A segmenter that chunks sentences longer than {@code maxWordsPerSentence} words.
     *
     * @param maxWordsPerSentence at least 1
     * @return the segmenter
     */
    public static TextSegmenter withMaxWords(int maxWordsPerSentence) {
        return new TextSegmenter(maxWordsPerSentence);
    }

    /**
     * The word limit from which a sentence is cut into chunks.
     *
     * @return the limit
     */
    public int maxWordsPerSentence() {
        return maxWordsPerSentence;
    }

    /**
     * The sentences of {@code text} in order; sentences without words (blank, only spaces) are left out.
     *
     * @param text any text
     * @return the sentences, offsets into {@code text}
     */
    public List<Sentence> segment(String text) {
        List<Sentence> sentences = new ArrayList<>();
        BreakIterator sentenceBreaks = (BreakIterator) sentencePrototype.clone();
        sentenceBreaks.setText(joinWrappedLines(text));
        int start = sentenceBreaks.first();
        for (int end = sentenceBreaks.next(); end != BreakIterator.DONE; end = sentenceBreaks.next()) {
            if (end < text.length() && !blankLineAt(text, end)
                    && (endsWithNameAbbreviation(text, start, end) || isTimeBeforeItsZone(text, start, end))) {
                continue;
            }
            List<Token> tokens = tokenize(text, start, end);
            if (!tokens.isEmpty()) {
                sentences.addAll(chunk(tokens));
            }
            start = end;
        }
        return sentences;
    }

    /**
     * Whether the sentence candidate ends in an initial ("Michael D."), an upper-case dotted acronym ("U.S." before
     * "Army") or a title ("Lt.") that ICU's list lacks: ICU breaks after them when a capitalized word follows, which
     * in news text is most often the rest of a name, and cutting there cuts the name's entity in two. ("Vitamin C.
     * It ..." is joined wrongly; one sentence too long costs the model less than a name cut in half.)
     */
    private static boolean endsWithNameAbbreviation(String text, int start, int end) {
        Matcher m = ABBREVIATION_AT_END.matcher(text).region(start, end);
        if (!m.find()) {
            return false;
        }
        String word = m.group(1);
        return INITIAL_OR_ACRONYM.matcher(word).matches()
                || NAME_TITLES.contains(word.substring(0, word.length() - 1).toLowerCase(Locale.ROOT));
    }

    /** "at 2 a.m. EST ranged ...": a clock time's "a.m."/"p.m." followed by a time zone does not end the sentence. */
    private static boolean isTimeBeforeItsZone(String text, int start, int end) {
        return CLOCK_AT_END.matcher(text).region(start, end).find()
                && TIME_ZONE_NEXT.matcher(text).region(end, text.length()).lookingAt();
    }

    /** Whether the white space around a break holds an empty line: a paragraph ends there whatever precedes it. */
    private static boolean blankLineAt(String text, int end) {
        int lineBreaks = 0;
        for (int i = end - 1; i >= 0 && Character.isWhitespace(text.charAt(i)); i--) {
            lineBreaks += text.charAt(i) == '\n' ? 1 : 0;
        }
        for (int i = end; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
            lineBreaks += text.charAt(i) == '\n' ? 1 : 0;
        }
        return lineBreaks >= 2;
    }

    /**
     * The words of {@code text}, ignoring sentence boundaries.
     *
     * @param text any text
     * @return the words, offsets into {@code text}
     */
    public List<Token> tokenize(String text) {
        return tokenize(text, 0, text.length());
    }

    /**
     * The words of {@code text} between {@code start} and {@code end}, with offsets into the whole text.
     *
     * @param text the whole text
     * @param start where the range starts
     * @param end where the range ends (exclusive)
     * @return the words of the range
     */
    public List<Token> tokenize(String text, int start, int end) {
        List<int[]> pieces = rawPieces(text, start, end);
        pieces = mergeRepeatedPunctuation(text, pieces);
        pieces = joinHyphenated(text, pieces);
        pieces = attachAbbreviationPeriods(text, pieces);
        List<Token> tokens = new ArrayList<>(pieces.size());
        for (int[] piece : pieces) {
            splitClitic(text, piece[0], piece[1], tokens);
        }
        return tokens;
    }

    /**
     * Cuts a sentence longer than the word limit into consecutive chunks that keep every word.
     *
     * @param tokens a sentence's words
     * @return the chunks; the sentence itself when it is short enough
     */
    public List<Sentence> chunk(List<Token> tokens) {
        List<Sentence> chunks = new ArrayList<>();
        int from = 0;
        while (tokens.size() - from > maxWordsPerSentence) {
            int cut = from + maxWordsPerSentence;
            for (int j = cut - 1; j >= from + Math.max(1, maxWordsPerSentence / 2); j--) {
                if (CLAUSE_BREAKS.contains(tokens.get(j).text())) {
                    cut = j + 1;
                    break;
                }
            }
            chunks.add(sentenceOf(tokens.subList(from, cut)));
            from = cut;
        }
        if (from < tokens.size()) {
            chunks.add(sentenceOf(tokens.subList(from, tokens.size())));
        }
        return chunks;
    }

    private static Sentence sentenceOf(List<Token> tokens) {
        return new Sentence(tokens, tokens.get(0).charStart(), tokens.get(tokens.size() - 1).charEnd());
    }

    /**
     * The text with every single line break (one inside a whitespace run) turned into a space. Same length, so
     * sentence boundaries found on it are offsets into the original; blank lines still end sentences.
     */
    private static String joinWrappedLines(String text) {
        char[] chars = text.toCharArray();
        int i = 0;
        while (i < chars.length) {
            if (!Character.isWhitespace(chars[i])) {
                i++;
                continue;
            }
            int runStart = i;
            int lineBreaks = 0;
            while (i < chars.length && Character.isWhitespace(chars[i])) {
                if (chars[i] == '\n' || (chars[i] == '\r' && (i + 1 == chars.length || chars[i + 1] != '\n'))) {
                    lineBreaks++;
                }
                i++;
            }
            if (lineBreaks == 1) {
                for (int j = runStart; j < i; j++) {
                    if (chars[j] == '\n' || chars[j] == '\r') {
                        chars[j] = ' ';
                    }
                }
            }
        }
        return new String(chars);
    }

    /** ICU word segments in {@code [start, end)} that are not whitespace, as {start, end} pairs. */
    private List<int[]> rawPieces(String text, int start, int end) {
        BreakIterator wordBreaks = (BreakIterator) wordPrototype.clone();
        wordBreaks.setText(text.substring(start, end));
        List<int[]> pieces = new ArrayList<>();
        int from = wordBreaks.first();
        for (int to = wordBreaks.next(); to != BreakIterator.DONE; from = to, to = wordBreaks.next()) {
            if (!isBlank(text, start + from, start + to)) {
                pieces.add(new int[] {start + from, start + to});
            }
        }
        return pieces;
    }

    private static boolean isBlank(String text, int start, int end) {
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (!UCharacter.isUWhiteSpace(cp) && type != Character.FORMAT && type != Character.CONTROL) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** "...", "--", "``", "''", "!!": ICU gives one segment per mark; the benchmark keeps such runs whole. */
    private static List<int[]> mergeRepeatedPunctuation(String text, List<int[]> pieces) {
        List<int[]> out = new ArrayList<>();
        for (int[] piece : pieces) {
            if (!out.isEmpty()) {
                int[] last = out.get(out.size() - 1);
                if (last[1] == piece[0] && piece[1] - piece[0] == 1 && isPunctuation(text.charAt(piece[0]))
                        && text.charAt(last[0]) == text.charAt(piece[0]) && allSame(text, last[0], last[1])) {
                    last[1] = piece[1];
                    continue;
                }
            }
            out.add(piece.clone());
        }
        return out;
    }

    /** "first-degree", "ITAR-TASS", "FA-18": word, hyphen, word with nothing between them is one token. */
    private static List<int[]> joinHyphenated(String text, List<int[]> pieces) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int[] piece = pieces.get(i);
            if (!out.isEmpty() && i + 1 < pieces.size()) {
                int[] last = out.get(out.size() - 1);
                int[] next = pieces.get(i + 1);
                if (isHyphen(text, piece) && last[1] == piece[0] && piece[1] == next[0]
                        && hasLetterOrDigit(text, last) && hasLetterOrDigit(text, next)) {
                    last[1] = next[1];
                    i++;
                    continue;
                }
            }
            out.add(piece.clone());
        }
        return out;
    }

    /** "U.S" + "." → "U.S.", "Dr" + "." → "Dr.", "F" + "." → "F."; any other period stands alone. */
    private static List<int[]> attachAbbreviationPeriods(String text, List<int[]> pieces) {
        List<int[]> out = new ArrayList<>();
        for (int[] piece : pieces) {
            if (!out.isEmpty() && piece[1] - piece[0] == 1 && text.charAt(piece[0]) == '.') {
                int[] last = out.get(out.size() - 1);
                if (last[1] == piece[0] && isAbbreviation(text.substring(last[0], last[1]))) {
                    last[1] = piece[1];
                    continue;
                }
            }
            out.add(piece.clone());
        }
        return out;
    }

    private static boolean isAbbreviation(String word) {
        if (word.length() == 1) {
            return Character.isLetter(word.charAt(0));
        }
        if (word.indexOf('.') > 0 && word.chars().anyMatch(Character::isLetter)) {
            return true; // U.S, N.Y, a.m, D.C
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static void splitClitic(String text, int start, int end, List<Token> tokens) {
        Matcher m = CLITIC.matcher(text.substring(start, end));
        if (m.matches()) {
            int split = start + m.end(1);
            tokens.add(new Token(text.substring(start, split), start, split));
            tokens.add(new Token(text.substring(split, end), split, end));
        } else {
            tokens.add(new Token(text.substring(start, end), start, end));
        }
    }

    private static boolean isHyphen(String text, int[] piece) {
        return piece[1] - piece[0] == 1 && text.charAt(piece[0]) == '-';
    }

    private static boolean isPunctuation(char c) {
        int type = Character.getType(c);
        return type == Character.OTHER_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || c == '`';
    }

    private static boolean allSame(String text, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            if (text.charAt(i) != text.charAt(start)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLetterOrDigit(String text, int[] piece) {
        return text.substring(piece[0], piece[1]).codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
