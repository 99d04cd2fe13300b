package dev.spanrel.testing;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.text.Sentence;
import dev.spanrel.text.TextSegmenter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of README.md's Java example, annotated (John Smith Live_In Paris; Acme Corp. an organisation) as
 * training documents, split into sentences and words as extraction splits it: a tiny model trained on them finds
 * the relation again, so a test of the example has something to print.
 */
public final class ReadmeTask {
    public static final String TEXT = "John Smith lives in Paris. He works for Acme Corp.";

    private ReadmeTask() {}

    public static TinyTask write(Path folder) throws IOException {
        TypeSystem types = TinyTask.conll04Types();
        List<Sentence> sentences = TextSegmenter.create().segment(TEXT);
        List<String> first = sentences.get(0).words();
        List<String> second = sentences.get(1).words();
        if (!first.equals(List.of("John", "Smith", "lives", "in", "Paris", "."))
                || !second.subList(3, 5).equals(List.of("Acme", "Corp."))) {
            throw new IllegalStateException("the example text segments differently now: " + first + " " + second);
        }
        Document liveIn = new Document("readme-1", first,
                List.of(new EntityMention(types.entityType("Peop"), 0, 2), new EntityMention(types.entityType("Loc"), 4, 5)),
                List.of(new RelationMention(types.relationType("Live_In"), 0, 1)));
        Document org = new Document("readme-2", second,
                List.of(new EntityMention(types.entityType("Org"), 3, 5)), List.of());
        return TinyTask.of(folder, List.of(liveIn, org));
    }
}
