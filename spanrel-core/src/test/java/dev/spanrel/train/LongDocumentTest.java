package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.testing.TinyEncoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document longer than the encoder's 512 positions trains and predicts through windows instead of failing. */
class LongDocumentTest {
    @TempDir Path tmp;

    @Test
    void trainsAndPredictsBeyond512SubTokens() throws Exception {
        Path data = SharedFolder.path().resolve("data");
        Path typesFile = data.resolve("conll04/conll04_types.json");
        TypeSystem types = SpertJson.readTypes(typesFile);
        List<Document> source = SpertJson.readDocuments(data.resolve("conll04/conll04_train.json"), types).subList(0, 40);
        // Concatenate 40 sentences into one document of well over 512 words, shifting the annotations.
        List<String> tokens = new ArrayList<>();
        List<EntityMention> entities = new ArrayList<>();
        List<RelationMention> relations = new ArrayList<>();
        for (Document d : source) {
            int offset = tokens.size();
            int firstEntity = entities.size();
            tokens.addAll(d.tokens());
            d.entities().forEach(e -> entities.add(new EntityMention(e.type(), e.start() + offset, e.end() + offset)));
            d.relations().forEach(r -> relations.add(new RelationMention(r.type(), r.head() + firstEntity, r.tail() + firstEntity)));
        }
        assertThat(tokens.size()).isGreaterThan(600);
        Document longDoc = new Document("long", tokens, entities, relations);
        Path train = tmp.resolve("long.json");
        SpertJson.writeDocuments(train, List.of(longDoc, source.get(0)));
        Path encoder = TinyEncoder.write(tmp.resolve("encoder"), source);

        // One update at a warm-up rate of 0 leaves the heads random, so most of the ~6,000 candidate spans come out
        // as entities: the decoder's entity limit keeps their pairs (and the time) bounded. A threshold of 1, which
        // the random heads' probabilities stay below, keeps the scored relations out of the evaluation.
        TrainConfig config = TrainConfig.defaults().with(List.of("train=" + train, "test=" + train, "types=" + typesFile,
                "encoder=" + encoder, "epochs=1", "batchSize=2", "dropout=0.0", "negativeRatio=2",
                "relationThreshold=1"));
        TrainingResult results = new TrainingRun(config, DataDirectory.locate(Optional.of(data)),
                new PrintStream(OutputStream.nullOutputStream()), false).train(tmp.resolve("run"), false);
        int support = 0;
        for (JsonNode perType : results.test().at("/entities/per_type")) {
            support += perType.get("support").asInt();
        }
        assertThat(support).isEqualTo(entities.size() + source.get(0).entities().size());
    }
}
