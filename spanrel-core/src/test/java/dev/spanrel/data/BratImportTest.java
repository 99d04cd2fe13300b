package dev.spanrel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SharedFolder;
import dev.spanrel.text.TextSegmenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BratImportTest {
    @TempDir Path dir;

    private final BratImport importer = new BratImport(TextSegmenter.create(), Set.of("Work_For"));

    private void write(String stem, String text, String... annLines) throws IOException {
        Files.writeString(dir.resolve(stem + ".txt"), text);
        Files.writeString(dir.resolve(stem + ".ann"), annLines.length == 0 ? "" : String.join("\n", annLines) + "\n");
    }

    private void writeTwoFiles() throws IOException {
        // 0    5    10   15   20   25   30   35   40   45   50   55   60
        // John Smith works for Acme Bank. He lives in Paris-based housing.
        write("doc1", "John Smith works for Acme Bank. He lives in Paris-based housing.\n",
                "T1\tPeop 0 10\tJohn Smith",
                "T2\tOrg 21 30\tAcme Bank",
                "R1\tWork_For Arg1:T1 Arg2:T2",
                "T3\tLoc 44 49\tParis",
                "R2\tLive_In Arg1:T1 Arg2:T3",
                "T4\tOrg 21 25;26 30\tAcme Bank",
                "R3\tWork_For Arg1:T1 Arg2:T4",
                "T5\tPeop 26 34\tBank. He",
                "A1\tNegated T1",
                "#1\tAnnotatorNotes T1\ta note");
        write("doc2", "Mary visited Rome.",
                "T1\tPeop 0 4\tMary",
                "T2\tLoc 13 17\tRome",
                "T3\tLoc 13 17\tRome",
                "R1\tLive_In Arg1:T1 Arg2:T3");
    }

    @Test
    void sentencesBecomeDocumentsWithTheWordsTheirEntitiesTouch() throws IOException {
        writeTwoFiles();

        BratImport.Result result = importer.readFolder(dir);

        TypeSystem types = result.types();
        assertThat(types.entityTypes()).extracting(EntityType::name).containsExactly("Loc", "Org", "Peop");
        assertThat(types.relationTypes()).extracting(RelationType::name).containsExactly("Live_In", "Work_For");
        assertThat(types.relationType("Work_For").symmetric()).isTrue();
        assertThat(types.relationType("Live_In").symmetric()).isFalse();

        List<Document> docs = result.documents();
        assertThat(docs).extracting(Document::origId).containsExactly("doc1#0", "doc1#1", "doc2#0");
        assertThat(docs.get(0).tokens()).containsExactly("John", "Smith", "works", "for", "Acme", "Bank", ".");
        assertThat(docs.get(0).entities()).containsExactly(
                new EntityMention(types.entityType("Peop"), 0, 2), new EntityMention(types.entityType("Org"), 4, 6));
        assertThat(docs.get(0).relations()).containsExactly(new RelationMention(types.relationType("Work_For"), 0, 1));
        // "Paris" ends inside the word "Paris-based": the entity takes the whole word
        assertThat(docs.get(1).tokens()).containsExactly("He", "lives", "in", "Paris-based", "housing", ".");
        assertThat(docs.get(1).entities()).containsExactly(new EntityMention(types.entityType("Loc"), 3, 4));
        assertThat(docs.get(1).relations()).isEmpty();
        // T2 and T3 are the same span and type: one entity, which the relation reaches through T3
        assertThat(docs.get(2).entities()).containsExactly(
                new EntityMention(types.entityType("Peop"), 0, 1), new EntityMention(types.entityType("Loc"), 2, 3));
        assertThat(docs.get(2).relations()).containsExactly(new RelationMention(types.relationType("Live_In"), 0, 1));

        BratImport.Counts c = result.counts();
        assertThat(List.of(c.files, c.sentences, c.entities, c.relations)).containsExactly(2, 3, 5, 2);
        assertThat(c.entitiesWidened).isEqualTo(1);
        assertThat(c.discontinuousEntitiesSkipped).isEqualTo(1);
        assertThat(c.entitiesAcrossSentencesSkipped).isEqualTo(1);
        assertThat(c.relationsAcrossSentencesSkipped).isEqualTo(1);
        assertThat(c.relationsWithSkippedArgument).isEqualTo(1);
        assertThat(c.otherAnnotationsIgnored).isEqualTo(2);
        assertThat(c.lines()).containsExactly(
                "2 files, 3 sentences, 5 entities, 2 relations",
                "  1 entities widened to whole words (an end fell inside a word)",
                "  1 discontinuous entities skipped",
                "  1 entities across a sentence break skipped",
                "  1 relations across sentences skipped",
                "  1 relations with a skipped argument skipped",
                "  2 other annotations (events, attributes, notes) ignored");
    }

    @Test
    void theImportRoundTripsThroughSpertJson() throws IOException {
        writeTwoFiles();
        BratImport.Result result = importer.readFolder(dir);
        Path data = Files.createDirectories(dir.resolve("out"));

        SpertJson.writeTypes(data.resolve("corpus_types.json"), result.types());
        SpertJson.writeDocuments(data.resolve("corpus_train.json"), result.documents());
        TypeSystem types = SpertJson.readTypes(data.resolve("corpus_types.json"));

        assertThat(SpertJson.readDocuments(data.resolve("corpus_train.json"), types)).isEqualTo(result.documents());
    }

    @Test
    void mistakesNameTheFileTheLineAndTheField() throws IOException {
        write("a", "Mary visited Rome.", "T1\tPeop 0 4\tMary", "R1\tLive_In Arg1:T1 Arg2:T9");
        assertThatThrownBy(() -> importer.readFolder(dir)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("a.ann") + ": line 2, relation R1: no entity T9 in this file, found 'T9'");

        write("a", "Mary visited Rome.", "T1\tPeop 0 40\tMary");
        assertThatThrownBy(() -> importer.readFolder(dir))
                .hasMessage(dir.resolve("a.ann") + ": line 1, offsets: need start < end <= 18 (the length of a.txt), found 'T1\tPeop 0 40\tMary'");

        write("a", "Mary visited Rome.", "T1 Peop 0 4 Mary");
        assertThatThrownBy(() -> importer.readFolder(dir))
                .hasMessageContaining("a.ann: line 1, entity: expected 'T<id><TAB><type> <start> <end><TAB><text>'");

        Files.delete(dir.resolve("a.ann"));
        assertThatThrownBy(() -> importer.readFolder(dir))
                .hasMessage(dir.resolve("a.ann") + ": missing (every brat text needs its .ann, even an empty one)");
    }

    @Test
    void offsetsCountCodePointsSoAnEmojiDoesNotShiftTheEntitiesAfterIt() throws IOException {
        // brat counts Unicode code points: each emoji is one, though Java's strings hold it as two chars.
        //  0 1 2 3   4    9       17
        // "😀😀😀 Mary visited Rome."
        write("e", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00 Mary visited Rome.",
                "T1\tPeop 4 8\tMary",
                "T2\tLoc 17 21\tRome",
                "R1\tLive_In Arg1:T1 Arg2:T2");

        BratImport.Result result = importer.readFolder(dir);

        TypeSystem types = result.types();
        Document doc = result.documents().get(0);
        int mary = doc.tokens().indexOf("Mary");
        int rome = doc.tokens().indexOf("Rome");
        assertThat(doc.entities()).containsExactly(new EntityMention(types.entityType("Peop"), mary, mary + 1),
                new EntityMention(types.entityType("Loc"), rome, rome + 1));
        assertThat(doc.relations()).containsExactly(new RelationMention(types.relationType("Live_In"), 0, 1));
        assertThat(result.counts().entitiesWidened).isZero();
    }

    @Test
    void anEntityEndBeyondTheTextCountsCodePoints() throws IOException {
        // 8 code points, 9 chars: an end of 9 is past the text.
        write("e", "\uD83D\uDE00 Mary.", "T1\tPeop 2 9\tMary.");
        assertThatThrownBy(() -> importer.readFolder(dir)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("e.ann") + ": line 1, offsets: need start < end <= 7 (the length of e.txt),"
                        + " found 'T1\tPeop 2 9\tMary.'");
    }

    @Test
    void annotationTextThatDiffersFromTheDocumentIsReportedPerLine() throws IOException {
        write("m", "Mary visited Rome.\nJohn Smith\nstayed home.",
                "T1\tPeop 0 4\tMary",
                "T2\tLoc 12 17\tRome",
                "R1\tLive_In Arg1:T1 Arg2:T2",
                "T3\tPeop 19 29\tJohn Smith",
                "T4\tPeop 24 36\tSmith stayed",
                "T5\tPeop 0 5\tMary");
        assertThatThrownBy(() -> importer.readFolder(dir)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("m.ann") + ": 2 annotations do not match the text of m.txt at their offsets"
                        + " (brat offsets count Unicode code points):\n"
                        + "  line 2, T2: the annotation says 'Rome', m.txt has ' Rome' at 12-17\n"
                        + "  line 6, T5: the annotation says 'Mary', m.txt has 'Mary ' at 0-5");
    }

    /**
     * CoNLL04's test set written as brat (each sentence's words joined by spaces, entities at their characters) and
     * imported again: how far raw-text segmentation agrees with the benchmark's. The counts are exact, so a change
     * to the segmenter shows here as a number that moved. ICU alone made 373 sentences and lost 44 entities at its
     * breaks (after initials, titles, "U.S.", "a.m."); what is still split is mostly the closing quotes the benchmark
     * keeps with its sentence ("plague . ' '") and the 100-word chunking.
     */
    @Test
    void conll04TestWrittenAsBratComesBackNearlyWhole() throws IOException {
        TypeSystem types = SpertJson.readTypes(SharedFolder.data("conll04/conll04_types.json"));
        List<Document> gold = SpertJson.readDocuments(SharedFolder.data("conll04/conll04_test.json"), types);
        for (int i = 0; i < gold.size(); i++) {
            writeAsBrat(String.format("d%04d", i), gold.get(i));
        }

        BratImport.Result result = importer.readFolder(dir);

        assertThat(result.counts().lines()).containsExactly(
                "288 files, 306 sentences, 1078 entities, 420 relations",
                "  1 entities across a sentence break skipped",
                "  2 relations across sentences skipped");
        assertThat(gold.stream().mapToInt(d -> d.entities().size()).sum()).isEqualTo(1079);
        assertThat(gold.stream().mapToInt(d -> d.relations().size()).sum()).isEqualTo(422);
    }

    private void writeAsBrat(String stem, Document doc) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        int[] starts = new int[doc.tokens().size() + 1];
        for (int t = 0; t < doc.tokens().size(); t++) {
            starts[t + 1] = starts[t] + doc.tokens().get(t).length() + 1;
        }
        String text = String.join(" ", doc.tokens());
        for (int e = 0; e < doc.entities().size(); e++) {
            EntityMention m = doc.entities().get(e);
            int start = starts[m.start()];
            int end = starts[m.end()] - 1;
            lines.add("T" + (e + 1) + "\t" + m.type().name() + " " + start + " " + end + "\t" + text.substring(start, end));
        }
        for (int r = 0; r < doc.relations().size(); r++) {
            RelationMention m = doc.relations().get(r);
            lines.add("R" + (r + 1) + "\t" + m.type().name() + " Arg1:T" + (m.head() + 1) + " Arg2:T" + (m.tail() + 1));
        }
        write(stem, text, lines.toArray(String[]::new));
    }

    @Test
    void aFolderWithoutTextsIsRefused() {
        assertThatThrownBy(() -> importer.readFolder(dir))
                .hasMessage(dir + ": no .txt files (brat keeps each text in name.txt beside name.ann)");
    }
}
