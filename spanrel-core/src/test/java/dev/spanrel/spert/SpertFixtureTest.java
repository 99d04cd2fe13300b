package dev.spanrel.spert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.eval.Prf;
import dev.spanrel.eval.Scores;
import dev.spanrel.infer.ModelTagger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained by SpERT itself (the spert-tiny-conll04 fixture), imported, predicts on CoNLL04 test exactly
 * what SpERT's own evaluation stored, and scores what SpERT logged.
 */
class SpertFixtureTest {
    static final Path FIXTURE = SharedFolder.fixture("spert-tiny-conll04");
    static final Path TYPES = SharedFolder.data("conll04/conll04_types.json");
    static final Path TEST = SharedFolder.data("conll04/conll04_test.json");

    @TempDir static Path tmp;
    static Path model;
    static List<Document> gold;
    static List<Document> predicted;

    @BeforeAll
    static void importAndPredict() {
        model = tmp.resolve("model");
        SpertSettings settings = SpertSettings.defaults().withSpertConfig(FIXTURE.resolve("train.conf"));
        SpertImport.run(FIXTURE.resolve("model"), TYPES, Optional.empty(), settings, model);
        try (ModelTagger tagger = ModelTagger.load(model)) {
            gold = SpertJson.readDocuments(TEST, tagger.types());
            predicted = tagger.predictDocuments(gold);
        }
    }

    @Test
    void predictsWhatSpertPredictedDocumentByDocument() throws IOException {
        JsonNode spert = new ObjectMapper().readTree(FIXTURE.resolve("predictions_test.json").toFile());
        assertThat(spert).hasSize(288);
        assertThat(predicted).hasSize(288);
        List<String> differences = new ArrayList<>();
        int entities = 0;
        int relations = 0;
        for (int i = 0; i < predicted.size(); i++) {
            JsonNode expected = spert.get(i);
            Document doc = predicted.get(i);
            List<String> expectedTokens = new ArrayList<>();
            expected.get("tokens").forEach(t -> expectedTokens.add(t.asText()));
            assertThat(doc.tokens()).as("tokens of document %d", i).isEqualTo(expectedTokens);
            List<String> wantEntities = new ArrayList<>();
            expected.get("entities").forEach(e -> wantEntities.add(e.get("type").asText() + " " + e.get("start").asInt() + " " + e.get("end").asInt()));
            List<String> gotEntities = doc.entities().stream().map(e -> e.type().name() + " " + e.start() + " " + e.end()).toList();
            List<String> wantRelations = new ArrayList<>();
            expected.get("relations").forEach(r -> wantRelations.add(r.get("type").asText() + " " + r.get("head").asInt() + " " + r.get("tail").asInt()));
            List<String> gotRelations = doc.relations().stream().map(r -> r.type().name() + " " + r.head() + " " + r.tail()).toList();
            if (!gotEntities.equals(wantEntities) || !gotRelations.equals(wantRelations)) {
                differences.add("document " + i + ": entities " + gotEntities + " vs SpERT " + wantEntities
                        + "; relations " + gotRelations + " vs SpERT " + wantRelations);
            }
            entities += gotEntities.size();
            relations += gotRelations.size();
        }
        assertThat(differences).isEmpty();
        assertThat(entities).isEqualTo(1054);
        assertThat(relations).isEqualTo(499);
    }

    @Test
    void scoresWhatSpertLogged() throws IOException {
        TypeSystem types = SpertJson.readTypes(model.resolve("types.json"));
        Evaluation evaluation = Evaluator.of(types).evaluate(gold, predicted);
        List<List<String[]>> logged = loggedTables(FIXTURE.resolve("eval_test.log"));
        assertThat(logged).hasSize(3);
        Scores[] ours = {evaluation.entities(), evaluation.relationsBoundaries(), evaluation.relationsStrict()};
        int rows = 0;
        for (int table = 0; table < 3; table++) {
            for (String[] row : logged.get(table)) {
                Prf prf = switch (row[0]) {
                    case "micro" -> ours[table].micro();
                    case "macro" -> ours[table].macro();
                    default -> ours[table].perType().get(longName(types, row[0]));
                };
                assertThat(prf).as("table %d row %s", table, row[0]).isNotNull();
                assertThat(prf.precision()).as("precision, table %d row %s", table, row[0]).isCloseTo(Double.parseDouble(row[1]), within(0.01));
                assertThat(prf.recall()).as("recall, table %d row %s", table, row[0]).isCloseTo(Double.parseDouble(row[2]), within(0.01));
                assertThat(prf.f1()).as("f1, table %d row %s", table, row[0]).isCloseTo(Double.parseDouble(row[3]), within(0.01));
                assertThat(prf.support()).as("support, table %d row %s", table, row[0]).isEqualTo(Integer.parseInt(row[4]));
                rows++;
            }
        }
        assertThat(rows).isEqualTo(6 + 7 + 7);
        assertThat(evaluation.entities().micro().f1()).isCloseTo(58.79, within(0.01));
        assertThat(evaluation.relationsStrict().micro().f1()).isCloseTo(24.97, within(0.01));
    }

    /** SpERT logs short type names (OrgBI); our scores are keyed by the full ones (OrgBased_In). */
    private static String longName(TypeSystem types, String shortName) {
        for (var t : types.entityTypes()) {
            if (t.shortName().equals(shortName)) {
                return t.name();
            }
        }
        for (var t : types.relationTypes()) {
            if (t.shortName().equals(shortName)) {
                return t.name();
            }
        }
        throw new AssertionError("no type with short name " + shortName);
    }

    /** The rows (type, precision, recall, f1, support) of each table SpERT's evaluator printed, in order. */
    static List<List<String[]>> loggedTables(Path log) throws IOException {
        List<List<String[]>> tables = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] cells = line.strip().split("\\s+");
            if (cells.length == 5 && cells[0].equals("type")) {
                tables.add(new ArrayList<>());
            } else if (cells.length == 5 && !tables.isEmpty() && cells[4].matches("\\d+")) {
                tables.get(tables.size() - 1).add(cells);
            }
        }
        return tables;
    }
}
