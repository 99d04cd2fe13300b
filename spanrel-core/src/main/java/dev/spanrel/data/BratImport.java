package dev.spanrel.data;

import dev.spanrel.text.Sentence;
import dev.spanrel.text.TextSegmenter;
import dev.spanrel.text.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns brat standoff annotation (each {@code name.txt} with its {@code name.ann}) into sentence-level SpERT
 * documents and their type system, for teams whose own corpus was annotated in brat.
 *
 * <p>The text is split into sentences and words by the same {@link TextSegmenter} that extraction uses, so a model
 * trained on the result sees at training time the tokens it will see on raw text. An entity becomes the words its
 * characters touch (counted when that widens it); what a span model cannot represent is left out and counted, never
 * silently: discontinuous entities, entities across a sentence break, relations whose arguments lie in different
 * sentences. Events, attributes, normalizations and notes are ignored (counted as well).
 *
 * <p>brat's offsets count Unicode code points (they are converted to the UTF-16 indices of Java strings), and each
 * entity line's text must be the document's text at its offsets: misaligned annotation would otherwise be imported
 * as wrong labels, so every mismatch of a file is reported with its line.
 */
public final class BratImport {
    private static final Pattern ENTITY = Pattern.compile("(T\\S+)\\t(\\S+) (\\d+ \\d+(?:;\\d+ \\d+)*)\\t(.*)", Pattern.DOTALL);
    /** Mismatches listed in full in an error; the rest are counted. */
    private static final int MISMATCHES_SHOWN = 20;
    private static final Pattern RELATION = Pattern.compile("(R\\S+)\\t(\\S+) Arg1:(T\\S+) Arg2:(T\\S+)\\s*");

    private final TextSegmenter segmenter;
    private final Set<String> symmetricRelations;

    /**
     * An importer that splits texts as {@code segmenter} does.
     *
     * @param segmenter splits a text into sentences and words; the one extraction will use on raw text
     * @param symmetricRelations relation type names that hold in both directions (brat's .ann does not say)
     */
    public BratImport(TextSegmenter segmenter, Set<String> symmetricRelations) {
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
        this.symmetricRelations = Set.copyOf(symmetricRelations);
    }

    /** What an import produced, and what it had to leave out. */
    public record Result(List<Document> documents, TypeSystem types, Counts counts) {}

    /** Counts of one import, for the report a user checks before training on it ({@link #lines()}). */
    public static final class Counts {
        int files;
        int sentences;
        int entities;
        int relations;
        /** Entities whose start or end fell inside a word: they were widened to whole words. */
        int entitiesWidened;
        int discontinuousEntitiesSkipped;
        int entitiesAcrossSentencesSkipped;
        /** Entities over white space only. */
        int entitiesWithoutWordsSkipped;
        int relationsAcrossSentencesSkipped;
        /** Relations with an argument that was itself skipped. */
        int relationsWithSkippedArgument;
        /** Events, attributes, normalizations, notes. */
        int otherAnnotationsIgnored;

        /**
         * The report: a line of totals, then an indented line per kind of widened, skipped or ignored annotation
         * that occurred.
         *
         * @return the report's lines, without line breaks
         */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%d files, %d sentences, %d entities, %d relations", files, sentences, entities, relations));
            add(lines, entitiesWidened, "entities widened to whole words (an end fell inside a word)");
            add(lines, discontinuousEntitiesSkipped, "discontinuous entities skipped");
            add(lines, entitiesAcrossSentencesSkipped, "entities across a sentence break skipped");
            add(lines, entitiesWithoutWordsSkipped, "entities over white space only skipped");
            add(lines, relationsAcrossSentencesSkipped, "relations across sentences skipped");
            add(lines, relationsWithSkippedArgument, "relations with a skipped argument skipped");
            add(lines, otherAnnotationsIgnored, "other annotations (events, attributes, notes) ignored");
            return lines;
        }

        private static void add(List<String> lines, int count, String what) {
            if (count > 0) {
                lines.add("  " + count + " " + what);
            }
        }
    }

    /**
     * Every {@code *.txt} directly in the folder, in name order, with the {@code .ann} beside it.
     *
     * @param folder the brat folder
     * @return the documents, their type system and the counts of the import
     * @throws DataFormatException if the folder cannot be listed, holds no {@code .txt} file, or a file is invalid
     */
    public Result readFolder(Path folder) {
        List<Path> texts;
        try (Stream<Path> files = Files.list(folder)) {
            texts = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(folder + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (texts.isEmpty()) {
            throw new DataFormatException(folder + ": no .txt files (brat keeps each text in name.txt beside name.ann)");
        }
        return read(texts);
    }

    /**
     * The given texts, each with the {@code .ann} of the same name beside it, in the order given; the type system
     * holds the entity and relation types that occur, in name order.
     *
     * @param textFiles the {@code .txt} files
     * @return the documents, their type system and the counts of the import
     * @throws DataFormatException if a file is missing or unreadable, or an annotation is invalid or misaligned
     */
    public Result read(List<Path> textFiles) {
        Counts counts = new Counts();
        List<ParsedFile> parsed = new ArrayList<>();
        Set<String> entityTypes = new TreeSet<>();
        Set<String> relationTypes = new TreeSet<>();
        for (Path textFile : textFiles) {
            ParsedFile file = parse(textFile, counts);
            file.entities.values().forEach(e -> entityTypes.add(e.type));
            file.relations.forEach(r -> relationTypes.add(r.type));
            parsed.add(file);
        }
        TypeSystem types = typeSystem(entityTypes, relationTypes);
        List<Document> documents = new ArrayList<>();
        for (ParsedFile file : parsed) {
            documents.addAll(toDocuments(file, types, counts));
        }
        counts.files = textFiles.size();
        return new Result(List.copyOf(documents), types, counts);
    }

    private record BratEntity(String id, String type, int start, int end, int line) {}

    private record BratRelation(String id, String type, String head, String tail, int line) {}

    /** One text with its annotation; {@code skipped} holds the ids of the discontinuous entities left out. */
    private record ParsedFile(String name, Path annFile, String text, Map<String, BratEntity> entities, Set<String> skipped,
            List<BratRelation> relations) {}

    private ParsedFile parse(Path textFile, Counts counts) {
        String name = textFile.getFileName().toString();
        String stem = name.substring(0, name.length() - ".txt".length());
        Path annFile = textFile.resolveSibling(stem + ".ann");
        String text = readUtf8(textFile);
        if (!Files.isRegularFile(annFile)) {
            throw new DataFormatException(annFile + ": missing (every brat text needs its .ann, even an empty one)");
        }
        Map<String, BratEntity> entities = new LinkedHashMap<>();
        Set<String> skipped = new LinkedHashSet<>();
        List<BratRelation> relations = new ArrayList<>();
        CodePoints codePoints = new CodePoints(text);
        List<String> mismatches = new ArrayList<>();
        String[] lines = readUtf8(annFile).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int lineNo = i + 1;
            if (line.isBlank()) {
                continue;
            }
            char kind = line.charAt(0);
            if (kind == 'T') {
                Matcher m = ENTITY.matcher(line);
                if (!m.matches()) {
                    throw bad(annFile, lineNo, "entity", "expected 'T<id><TAB><type> <start> <end><TAB><text>'", line);
                }
                if (m.group(3).contains(";")) {
                    counts.discontinuousEntitiesSkipped++;
                    skipped.add(m.group(1));
                    continue;
                }
                String[] offsets = m.group(3).split(" ");
                long start = parseOffset(offsets[0]);
                long end = parseOffset(offsets[1]);
                if (start >= end || end > codePoints.length()) {
                    throw bad(annFile, lineNo, "offsets", "need start < end <= " + codePoints.length() + " (the length of " + name + ")", line);
                }
                int charStart = codePoints.charIndex((int) start);
                int charEnd = codePoints.charIndex((int) end);
                String found = text.substring(charStart, charEnd);
                if (!sameText(m.group(4), found)) {
                    mismatches.add("line " + lineNo + ", " + m.group(1) + ": the annotation says '" + m.group(4) + "', " + name
                            + " has '" + visible(found) + "' at " + start + "-" + end);
                }
                if (entities.put(m.group(1), new BratEntity(m.group(1), m.group(2), charStart, charEnd, lineNo)) != null) {
                    throw bad(annFile, lineNo, "id", "entity id " + m.group(1) + " used twice", line);
                }
            } else if (kind == 'R') {
                Matcher m = RELATION.matcher(line);
                if (!m.matches()) {
                    throw bad(annFile, lineNo, "relation", "expected 'R<id><TAB><type> Arg1:T<id> Arg2:T<id>'", line);
                }
                relations.add(new BratRelation(m.group(1), m.group(2), m.group(3), m.group(4), lineNo));
            } else {
                counts.otherAnnotationsIgnored++;
            }
        }
        if (!mismatches.isEmpty()) {
            throw mismatched(annFile, name, mismatches);
        }
        return new ParsedFile(stem, annFile, text, entities, skipped, relations);
    }

    /** An offset as written; too large for any text means the same as past the end, so it is not an int yet. */
    private static long parseOffset(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /**
     * Whether an annotation's text is the document's at its offsets. A span across a line break is written on one
     * line of the {@code .ann} file, with white space where the break was.
     */
    private static boolean sameText(String annotated, String found) {
        return annotated.equals(found) || annotated.equals(found.replaceAll("[\\r\\n\\t]", " "));
    }

    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static DataFormatException mismatched(Path annFile, String textName, List<String> mismatches) {
        StringBuilder message = new StringBuilder(annFile + ": " + mismatches.size()
                + (mismatches.size() == 1 ? " annotation does not match" : " annotations do not match")
                + " the text of " + textName + " at their offsets (brat offsets count Unicode code points):");
        mismatches.stream().limit(MISMATCHES_SHOWN).forEach(m -> message.append("\n  ").append(m));
        if (mismatches.size() > MISMATCHES_SHOWN) {
            message.append("\n  and ").append(mismatches.size() - MISMATCHES_SHOWN).append(" more");
        }
        return new DataFormatException(message.toString());
    }

    /**
     * brat counts offsets in Unicode code points, Java strings in UTF-16 chars: a character outside the Basic
     * Multilingual Plane (an emoji, say) is one of the first and two of the second, and shifts every offset after it.
     */
    private static final class CodePoints {
        /** The char index of each code point and of the end; null when the text has no such character. */
        private final int[] charIndex;
        private final int length;

        CodePoints(String text) {
            length = text.codePointCount(0, text.length());
            if (length == text.length()) {
                charIndex = null;
                return;
            }
            charIndex = new int[length + 1];
            for (int c = 0, i = 0; c < length; c++) {
                charIndex[c] = i;
                i += Character.charCount(text.codePointAt(i));
            }
            charIndex[length] = text.length();
        }

        int length() {
            return length;
        }

        int charIndex(int codePoint) {
            return charIndex == null ? codePoint : charIndex[codePoint];
        }
    }

    private static DataFormatException bad(Path file, int line, String field, String what, String found) {
        return new DataFormatException(file + ": line " + line + ", " + field + ": " + what + ", found '" + found + "'");
    }

    private static String readUtf8(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read as UTF-8: " + e.getMessage(), e);
        }
    }

    private TypeSystem typeSystem(Set<String> entityTypes, Set<String> relationTypes) {
        List<EntityType> entities = new ArrayList<>();
        for (String type : entityTypes) {
            entities.add(new EntityType(type, type, type, entities.size() + 1));
        }
        List<RelationType> relations = new ArrayList<>();
        for (String type : relationTypes) {
            relations.add(new RelationType(type, type, type, symmetricRelations.contains(type), relations.size() + 1));
        }
        return TypeSystem.of(entities, relations);
    }

    /** One document per sentence; entities by the words they touch; relations within a sentence. */
    private List<Document> toDocuments(ParsedFile file, TypeSystem types, Counts counts) {
        List<Sentence> sentences = segmenter.segment(file.text);
        WordIndex words = new WordIndex(sentences);
        List<List<EntityMention>> entitiesBySentence = new ArrayList<>();
        List<List<RelationMention>> relationsBySentence = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            entitiesBySentence.add(new ArrayList<>());
            relationsBySentence.add(new ArrayList<>());
        }
        // brat id -> (sentence, index of the entity in it); identical spans of one type become one entity
        Map<String, int[]> placed = new HashMap<>();
        for (BratEntity e : file.entities.values()) {
            int[] where = place(e, words, counts);
            if (where == null) {
                continue;
            }
            List<EntityMention> list = entitiesBySentence.get(where[0]);
            EntityMention mention = new EntityMention(types.entityType(e.type), where[1], where[2]);
            int index = list.indexOf(mention);
            if (index < 0) {
                index = list.size();
                list.add(mention);
            }
            placed.put(e.id, new int[] {where[0], index});
        }
        for (BratRelation r : file.relations) {
            for (String argument : List.of(r.head, r.tail)) {
                if (!file.entities.containsKey(argument) && !file.skipped.contains(argument)) {
                    throw bad(file.annFile, r.line, "relation " + r.id, "no entity " + argument + " in this file", argument);
                }
            }
            int[] head = placed.get(r.head);
            int[] tail = placed.get(r.tail);
            if (head == null || tail == null) {
                counts.relationsWithSkippedArgument++;
                continue;
            }
            if (head[0] != tail[0]) {
                counts.relationsAcrossSentencesSkipped++;
                continue;
            }
            RelationMention mention = new RelationMention(types.relationType(r.type), head[1], tail[1]);
            if (!relationsBySentence.get(head[0]).contains(mention)) {
                relationsBySentence.get(head[0]).add(mention);
            }
        }
        List<Document> documents = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            documents.add(new Document(file.name + "#" + s, sentences.get(s).words(), entitiesBySentence.get(s),
                    relationsBySentence.get(s)));
            counts.entities += entitiesBySentence.get(s).size();
            counts.relations += relationsBySentence.get(s).size();
        }
        counts.sentences += sentences.size();
        return documents;
    }

    /** Every word of a text in order, so an entity finds its first word by binary search, not a scan per entity. */
    private static final class WordIndex {
        final int[] sentence;
        final int[] word;
        final int[] charStart;
        final int[] charEnd;

        WordIndex(List<Sentence> sentences) {
            int n = sentences.stream().mapToInt(x -> x.tokens().size()).sum();
            sentence = new int[n];
            word = new int[n];
            charStart = new int[n];
            charEnd = new int[n];
            int k = 0;
            for (int s = 0; s < sentences.size(); s++) {
                List<Token> tokens = sentences.get(s).tokens();
                for (int t = 0; t < tokens.size(); t++, k++) {
                    sentence[k] = s;
                    word[k] = t;
                    charStart[k] = tokens.get(t).charStart();
                    charEnd[k] = tokens.get(t).charEnd();
                }
            }
        }

        /** The first word that ends after {@code offset} (words are in order and do not overlap). */
        int firstEndingAfter(int offset) {
            int lo = 0;
            int hi = charEnd.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (charEnd[mid] <= offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** {sentence, first word, end word} of the words the entity's characters touch, or null when it cannot be placed. */
    private static int[] place(BratEntity e, WordIndex words, Counts counts) {
        int first = words.firstEndingAfter(e.start);
        int last = first;
        while (last < words.charStart.length && words.charStart[last] < e.end) {
            last++;
        }
        if (last == first) {
            counts.entitiesWithoutWordsSkipped++;
            return null;
        }
        if (words.sentence[first] != words.sentence[last - 1]) {
            counts.entitiesAcrossSentencesSkipped++;
            return null;
        }
        if (words.charStart[first] != e.start || words.charEnd[last - 1] != e.end) {
            counts.entitiesWidened++;
        }
        return new int[] {words.sentence[first], words.word[first], words.word[last - 1] + 1};
    }
}
