package dev.spanrel.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-checks the evaluator against an independent Python re-implementation of SpERT's scoring
 * ({@code src/test/python/spert_score.py}) on real test sets with seeded, perturbed predictions.
 */
class EvaluatorAgreementIT {
    private static final double TOLERANCE = 0.01;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;

    @BeforeAll
    static void needsPython() {
        // CI sets SPANREL_REQUIRE_IT so that a missing prerequisite fails there instead of skipping.
        if (System.getenv("SPANREL_REQUIRE_IT") != null) {
            assertThat(pythonAvailable()).as("python3 is not on the PATH").isTrue();
        }
        assumeTrue(pythonAvailable(), "python3 is not on the PATH");
    }

    @ParameterizedTest(name = "{0} seed {1} dropOverlapping {2}")
    @CsvSource({
        "conll04/conll04_test.json, 1, false", "conll04/conll04_test.json, 1, true",
        "conll04/conll04_test.json, 2, false", "conll04/conll04_test.json, 2, true",
        "scierc/scierc_test.json, 1, false", "scierc/scierc_test.json, 1, true",
        "scierc/scierc_test.json, 2, false", "scierc/scierc_test.json, 2, true",
        "ade/ade_split_0_test.json, 3, false", "ade/ade_split_0_test.json, 3, true",
    })
    void agreesWithPythonReimplementationOfSpert(String file, long seed, boolean dropOverlapping) throws Exception {
        Path goldFile = SharedFolder.data(file);
        Path typesFile = DataDirectory.typesFileIn(goldFile.getParent());
        TypeSystem types = SpertJson.readTypes(typesFile);
        List<Document> gold = SpertJson.readDocuments(goldFile, types);
        List<Document> predicted = perturb(gold, types, new Random(seed));
        Path predFile = tmp.resolve("pred-" + goldFile.getFileName() + "-" + seed + ".json");
        SpertJson.writeDocuments(predFile, predicted);

        JsonNode java = EvaluationReport.toJson(new Evaluator(types, dropOverlapping)
                .evaluate(gold, SpertJson.readDocuments(predFile, types)));
        JsonNode python = runPython(typesFile, goldFile, predFile, dropOverlapping);

        for (String block : List.of("entities", "relations_strict", "relations_boundaries")) {
            for (String average : List.of("micro", "macro")) {
                assertClose(java.at("/" + block + "/" + average), python.at("/" + block + "/" + average), block + " " + average);
            }
            JsonNode javaTypes = java.at("/" + block + "/per_type");
            JsonNode pythonTypes = python.at("/" + block + "/per_type");
            assertThat(names(javaTypes)).as(block + " types").containsExactlyInAnyOrderElementsOf(names(pythonTypes));
            for (String type : names(javaTypes)) {
                assertClose(javaTypes.get(type), pythonTypes.get(type), block + " " + type);
                assertThat(javaTypes.get(type).get("support").intValue()).as(block + " " + type + " support")
                        .isEqualTo(pythonTypes.get(type).get("support").intValue());
            }
        }
        // The perturbation must leave something to disagree about.
        assertThat(java.at("/entities/micro/f1").doubleValue()).isBetween(30.0, 95.0);
        assertThat(java.at("/relations_strict/micro/f1").doubleValue()).isBetween(10.0, 95.0);
    }

    /** Drops, shifts, retypes and invents entities and relations, and flips relation directions. */
    static List<Document> perturb(List<Document> gold, TypeSystem types, Random random) {
        List<EntityType> entityTypes = types.entityTypes();
        List<RelationType> relationTypes = types.relationTypes();
        List<Document> out = new ArrayList<>(gold.size());
        for (Document doc : gold) {
            int n = doc.tokens().size();
            List<EntityMention> changed = new ArrayList<>();
            List<Integer> newIndexOfOld = new ArrayList<>();
            Map<EntityMention, Integer> unique = new LinkedHashMap<>();
            for (EntityMention e : doc.entities()) {
                double roll = random.nextDouble();
                EntityMention m = e;
                if (roll < 0.12) {
                    newIndexOfOld.add(-1);
                    continue;
                } else if (roll < 0.24) {
                    int start = Math.max(0, Math.min(n - 1, e.start() + random.nextInt(3) - 1));
                    int end = Math.max(start + 1, Math.min(n, e.end() + random.nextInt(3) - 1));
                    m = new EntityMention(e.type(), start, end);
                } else if (roll < 0.36) {
                    m = new EntityMention(entityTypes.get(random.nextInt(entityTypes.size())), e.start(), e.end());
                }
                newIndexOfOld.add(unique.computeIfAbsent(m, k -> unique.size()));
            }
            int spurious = random.nextInt(3);
            for (int s = 0; s < spurious && n > 0; s++) {
                int start = random.nextInt(n);
                int end = Math.min(n, start + 1 + random.nextInt(4));
                unique.computeIfAbsent(new EntityMention(entityTypes.get(random.nextInt(entityTypes.size())), start, end),
                        k -> unique.size());
            }
            changed.addAll(unique.keySet());
            List<RelationMention> relations = new ArrayList<>();
            for (RelationMention r : doc.relations()) {
                int head = newIndexOfOld.get(r.head());
                int tail = newIndexOfOld.get(r.tail());
                double roll = random.nextDouble();
                if (head < 0 || tail < 0 || head == tail || roll < 0.1) {
                    continue;
                }
                RelationType type = r.type();
                if (roll < 0.2) {
                    type = relationTypes.get(random.nextInt(relationTypes.size()));
                } else if (roll < 0.35) {
                    int swap = head;
                    head = tail;
                    tail = swap;
                }
                relations.add(new RelationMention(type, head, tail));
                if (random.nextDouble() < 0.05) {
                    relations.add(new RelationMention(type, head, tail));
                }
            }
            if (changed.size() >= 2 && random.nextDouble() < 0.3) {
                int head = random.nextInt(changed.size());
                int tail = (head + 1 + random.nextInt(changed.size() - 1)) % changed.size();
                relations.add(new RelationMention(relationTypes.get(random.nextInt(relationTypes.size())), head, tail));
            }
            out.add(new Document(doc.origId(), doc.tokens(), changed, relations));
        }
        return out;
    }

    private static void assertClose(JsonNode java, JsonNode python, String what) {
        for (String measure : List.of("precision", "recall", "f1")) {
            assertThat(python.has(measure)).as(what + " " + measure + " in Python output").isTrue();
            assertThat(java.get(measure).doubleValue()).as(what + " " + measure)
                    .isCloseTo(python.get(measure).doubleValue(), within(TOLERANCE));
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Path script() {
        Path inModule = Path.of("src/test/python/spert_score.py");
        return Files.exists(inModule) ? inModule : Path.of("spanrel-core/src/test/python/spert_score.py");
    }

    private static JsonNode runPython(Path types, Path gold, Path pred, boolean dropOverlapping)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script().toString(), types.toString(),
                gold.toString(), pred.toString()));
        if (dropOverlapping) {
            command.add("--no-overlap");
        }
        Path stderr = tmp.resolve("python.err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        byte[] output = process.getInputStream().readAllBytes();
        int exit = process.waitFor();
        assertThat(exit).as("python exit; stderr: " + Files.readString(stderr)).isZero();
        return JSON.readTree(new String(output, StandardCharsets.UTF_8));
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
