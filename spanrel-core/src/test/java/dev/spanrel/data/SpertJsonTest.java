package dev.spanrel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SharedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpertJsonTest {
    @TempDir Path tmp;

    private static TypeSystem conllTypes() {
        return SpertJson.readTypes(SharedFolder.data("conll04/conll04_types.json"));
    }

    @Test
    void readsTypesInFileOrderFromIndexOne() {
        TypeSystem types = SpertJson.readTypes(SharedFolder.data("scierc/scierc_types.json"));
        assertThat(types.entityTypes()).extracting(EntityType::name)
                .containsExactly("Task", "Method", "Material", "OtherScientificTerm", "Metric", "Generic");
        assertThat(types.entityType("OtherScientificTerm").shortName()).isEqualTo("OST");
        assertThat(types.entityType("OtherScientificTerm").index()).isEqualTo(4);
        assertThat(types.relationType("Compare").symmetric()).isTrue();
        assertThat(types.relationType("Used-for").symmetric()).isFalse();
        assertThat(types.relationType("Used-for").index()).isEqualTo(1);
    }

    @Test
    void readsConll04TestWithIntegerOrigIds() {
        List<Document> docs = SpertJson.readDocuments(SharedFolder.data("conll04/conll04_test.json"), conllTypes());
        assertThat(docs).hasSize(288);
        Document first = docs.get(0);
        assertThat(first.origId()).isEqualTo("17");
        assertThat(first.tokens()).hasSize(23);
        assertThat(first.entities().get(0)).isEqualTo(new EntityMention(conllTypes().entityType("Org"), 5, 7));
        assertThat(first.relations().get(0).head()).isZero();
        assertThat(first.relations().get(0).tail()).isEqualTo(2);
    }

    @Test
    void roundTripsEveryBenchmarkTestFile() throws IOException {
        for (String dataset : List.of("conll04/conll04", "scierc/scierc", "ade/ade")) {
            Path folder = SharedFolder.data(dataset).getParent();
            TypeSystem types = SpertJson.readTypes(DataDirectory.typesFileIn(folder));
            Path source = dataset.startsWith("ade") ? folder.resolve("ade_split_0_test.json")
                    : folder.resolve(folder.getFileName() + "_test.json");
            List<Document> docs = SpertJson.readDocuments(source, types);
            Path copy = tmp.resolve(source.getFileName());
            SpertJson.writeDocuments(copy, docs);
            assertThat(SpertJson.readDocuments(copy, types)).isEqualTo(docs);
            Path typesCopy = tmp.resolve("types.json");
            SpertJson.writeTypes(typesCopy, types);
            TypeSystem again = SpertJson.readTypes(typesCopy);
            assertThat(again.entityTypes()).isEqualTo(types.entityTypes());
            assertThat(again.relationTypes()).isEqualTo(types.relationTypes());
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void keepsOrigIdKindWhenWriting() throws IOException {
        TypeSystem types = conllTypes();
        List<Document> docs = List.of(
                new Document("5012", List.of("a"), List.of(), List.of()),
                new Document("0f3c-uuid", List.of("b"), List.of(), List.of()),
                new Document("007", List.of("c"), List.of(), List.of()),
                new Document("", List.of("d"), List.of(), List.of()));
        Path file = tmp.resolve("ids.json");
        SpertJson.writeDocuments(file, docs);
        String json = Files.readString(file);
        assertThat(json).contains("\"orig_id\":5012").contains("\"orig_id\":\"0f3c-uuid\"")
                .contains("\"orig_id\":\"007\"");
        assertThat(SpertJson.readDocuments(file, types)).isEqualTo(docs);
    }

    @Test
    void keepsStoredDirectionOfSymmetricRelations() throws IOException {
        TypeSystem types = SpertJson.readTypes(SharedFolder.data("scierc/scierc_types.json"));
        Path file = write("[{\"tokens\":[\"a\",\"b\",\"c\"],\"entities\":[{\"type\":\"Task\",\"start\":0,\"end\":1},"
                + "{\"type\":\"Task\",\"start\":2,\"end\":3}],\"relations\":[{\"type\":\"Compare\",\"head\":1,\"tail\":0}]}]");
        RelationMention r = SpertJson.readDocuments(file, types).get(0).relations().get(0);
        assertThat(r.head()).isEqualTo(1);
        assertThat(r.tail()).isZero();
    }

    private static final String TOKENS = "\"tokens\":[\"a\",\"b\",\"c\"]";

    @Test
    void namesFileDocumentOrigIdAndFieldForSpanOutsideTheTokens() throws IOException {
        Path file = write("[{" + TOKENS + ",\"entities\":[],\"relations\":[]},"
                + "{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"start\":0,\"end\":1},{\"type\":\"Org\",\"start\":1,\"end\":40}],"
                + "\"relations\":[],\"orig_id\":5012}]");
        assertThatThrownBy(() -> SpertJson.readDocuments(file, conllTypes()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("bad.json: document 1 (orig_id 5012): entities[1].end = 40 is outside the 3 tokens");
    }

    @Test
    void rejectsEachKindOfBadDocument() throws IOException {
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"start\":2,\"end\":2}],\"relations\":[]}",
                "document 0: entities[0] is empty: start = 2, end = 2");
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"start\":-1,\"end\":2}],\"relations\":[]}",
                "entities[0].start = -1 is outside the 3 tokens");
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"City\",\"start\":0,\"end\":2}],\"relations\":[]}",
                "entities[0].type 'City' is not an entity type");
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"start\":\"0\",\"end\":2}],\"relations\":[]}",
                "entities[0].start must be an integer, found string \"0\"");
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"end\":2}],\"relations\":[]}",
                "entities[0].start is missing");
        assertBad("{" + TOKENS + ",\"entities\":[{\"type\":\"Loc\",\"start\":0,\"end\":1},"
                + "{\"type\":\"Loc\",\"start\":0,\"end\":1}],\"relations\":[]}",
                "entities[1] repeats entity Loc [0, 1)");
        String twoEntities = "\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":1},{\"type\":\"Loc\",\"start\":2,\"end\":3}]";
        assertBad("{" + TOKENS + "," + twoEntities + ",\"relations\":[{\"type\":\"Live_In\",\"head\":0,\"tail\":2}]}",
                "relations[0].tail = 2 is not an index into the 2 entities");
        assertBad("{" + TOKENS + "," + twoEntities + ",\"relations\":[{\"type\":\"Live_In\",\"head\":1,\"tail\":1}]}",
                "relations[0] relates entity 1 to itself (head == tail)");
        assertBad("{" + TOKENS + "," + twoEntities + ",\"relations\":[{\"type\":\"Born_In\",\"head\":0,\"tail\":1}]}",
                "relations[0].type 'Born_In' is not a relation type");
        assertBad("{" + TOKENS + "," + twoEntities + "}", "document 0: relations is missing");
        assertBad("{\"tokens\":\"a b\",\"entities\":[],\"relations\":[]}", "tokens must be an array");
        assertBad("{\"tokens\":[\"a\", 3],\"entities\":[],\"relations\":[]}", "tokens[1] must be a string");
        assertBad("{" + TOKENS + ",\"entities\":[],\"relations\":[],\"orig_id\":[1]}",
                "orig_id must be an integer or a string");
        assertBad("[1]", "document 0: expected a JSON object");
    }

    @Test
    void reportsInvalidJsonWithLineAndColumn() throws IOException {
        Path file = write("[{\"tokens\": [\"a\"],\n \"entities\": [}]");
        assertThatThrownBy(() -> SpertJson.readDocuments(file, conllTypes()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.json: invalid JSON at line 2, column");
    }

    @Test
    void contentAfterTheFirstJsonValueIsAnErrorWithItsPosition() throws IOException {
        String doc = "{" + TOKENS + ",\"entities\":[],\"relations\":[]}";
        // Two files concatenated: the second array used to be dropped without a word.
        Path concatenated = write("[" + doc + "]\n[" + doc + "]\n");
        assertThatThrownBy(() -> SpertJson.readDocuments(concatenated, conllTypes()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(concatenated + ": unexpected content after the JSON value, at line 2, column 1"
                        + " (a file holds one JSON value)");
        Path garbage = write("[" + doc + "]]garbage");
        int column = doc.length() + 3;
        assertThatThrownBy(() -> SpertJson.readDocuments(garbage, conllTypes()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(garbage + ": unexpected content after the JSON value, at line 1, column " + column
                        + " (a file holds one JSON value)");
        Path types = tmp.resolve("x_types.json");
        Files.writeString(types, "{\"entities\": {}, \"relations\": {}}\n\n  x");
        assertThatThrownBy(() -> SpertJson.readTypes(types))
                .hasMessage(types + ": unexpected content after the JSON value, at line 3, column 3"
                        + " (a file holds one JSON value)");
        // White space after the value is no content.
        Path fine = write("[" + doc + "]\n\n \t\n");
        assertThat(SpertJson.readDocuments(fine, conllTypes())).hasSize(1);
    }

    @Test
    void rejectsAFileThatIsNotAnArray() throws IOException {
        Path file = write("{\"tokens\": []}");
        assertThatThrownBy(() -> SpertJson.readDocuments(file, conllTypes()))
                .hasMessage("bad.json: expected a JSON array of documents, found an object");
        assertThatThrownBy(() -> SpertJson.readDocuments(tmp.resolve("missing.json"), conllTypes()))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("missing.json: no such file");
    }

    @Test
    void rejectsBadTypesFiles() throws IOException {
        Path file = tmp.resolve("x_types.json");
        Files.writeString(file, "{\"entities\": {\"A\": {\"short\": \"A\", \"verbose\": \"A\"}}, "
                + "\"relations\": {\"R\": {\"short\": \"R\", \"verbose\": \"R\"}}}");
        assertThatThrownBy(() -> SpertJson.readTypes(file))
                .hasMessage("x_types.json: relations.R.symmetric must be true or false, found nothing");
    }

    private void assertBad(String document, String expectedPart) throws IOException {
        Path file = write(document.startsWith("[") ? document : "[" + document + "]");
        assertThatThrownBy(() -> SpertJson.readDocuments(file, conllTypes()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("bad.json: document 0")
                .hasMessageContaining(expectedPart);
    }

    private Path write(String json) throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, json);
        return file;
    }
}
