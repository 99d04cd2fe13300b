package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the commands as {@code bin/spanrel} does, through {@link Main#commandLine()}, on the shared data. */
class CommandsTest {
    @TempDir Path tmp;

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path data() {
        String configured = System.getProperty("spanrel.shared", "");
        Path shared = configured.isBlank() ? Path.of("../../shared") : Path.of(configured);
        if (!Files.isDirectory(shared.resolve("data"))) {
            shared = Path.of("../shared");
        }
        return shared.resolve("data").toAbsolutePath().normalize();
    }

    @Test
    void evalOfGoldAgainstItselfIsPerfect() {
        String gold = data().resolve("conll04/conll04_test.json").toString();
        Run r = run("eval", "--gold", gold, "--pred", gold, "--types", data().resolve("conll04/conll04_types.json").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Relations, strict", "Relations, boundaries", "kept (SpERT's default)");
        assertThat(r.out().lines()).anyMatch(l -> l.matches("micro\\s+100\\.00\\s+100\\.00\\s+100\\.00\\s+1079"));
        assertThat(r.out().lines()).anyMatch(l -> l.matches("micro\\s+100\\.00\\s+100\\.00\\s+100\\.00\\s+422"));
    }

    @Test
    void evalResolvesShortPathsAgainstTheDataFolderAndPrintsJson() throws IOException {
        Run r = run("eval", "--data-dir", data().toString(), "--gold", "scierc/scierc_test.json",
                "--pred", "scierc/scierc_test.json", "--json", "--no-overlap");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.at("/relations_boundaries/micro/f1").doubleValue()).isEqualTo(100.0);
        assertThat(json.at("/entities/per_type/Task/precision").doubleValue()).isEqualTo(100.0);
    }


    @Test
    void evalBreaksRelationErrorsDownOnRequest() throws IOException {
        String gold = data().resolve("conll04/conll04_test.json").toString();
        Run json = run("eval", "--gold", gold, "--pred", gold, "--errors", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode errors = new ObjectMapper().readTree(json.out()).get("relation_errors");
        assertThat(errors.get("gold").intValue()).isEqualTo(422);
        assertThat(errors.get("found").intValue()).isEqualTo(422);
        assertThat(errors.at("/missed/entity_wrong").intValue()).isZero();
        assertThat(errors.at("/spurious/between_gold_entities").intValue()).isZero();

        Run table = run("eval", "--gold", gold, "--pred", gold, "--errors");
        assertThat(table.out()).contains("gold relations 422, found 422, missed 0, spurious 0");
    }

    @Test
    void badPredictionsFileFailsWithFileDocumentAndField() throws IOException {
        Path bad = tmp.resolve("pred.json");
        Files.writeString(bad, "[{\"tokens\": [\"a\", \"b\"], \"entities\": [{\"type\": \"Loc\", \"start\": 0, \"end\": 40}],"
                + " \"relations\": [], \"orig_id\": 5012}]");
        Path gold = tmp.resolve("gold.json");
        Files.writeString(gold, "[{\"tokens\": [\"a\", \"b\"], \"entities\": [], \"relations\": []}]");
        Run r = run("eval", "--gold", gold.toString(), "--pred", bad.toString(),
                "--types", data().resolve("conll04/conll04_types.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: pred.json: document 0 (orig_id 5012): entities[0].end = 40 is outside the 2 tokens");
    }

    @Test
    void evalWithoutPredictionsIsAUsageError() {
        Run r = run("eval", "--gold", "x.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--pred");
    }

    @Test
    void thresholdSweepOptionsAreCheckedBeforeAModelLoads() {
        Run reversed = run("eval", "--model", "no-model", "--data", "x.json", "--threshold-sweep", "0.9:0.1:0.1");
        assertThat(reversed.exitCode()).isEqualTo(2);
        assertThat(reversed.err()).contains("--threshold-sweep: thresholds '0.9:0.1:0.1': need FROM ≤ TO and STEP > 0");
        Run withErrors = run("eval", "--model", "no-model", "--data", "x.json", "--threshold-sweep", "0.1:0.9:0.1", "--errors");
        assertThat(withErrors.exitCode()).isEqualTo(2);
        assertThat(withErrors.err()).contains("it takes neither --relation-threshold, --save-predictions nor --errors");
        Run outside = run("eval", "--model", "no-model", "--data", "x.json", "--relation-threshold", "1.5");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("error: --relation-threshold must be a probability in [0, 1], not 1.5");
    }

    @Test
    void statsOfAFileMatchTheKnownCounts() {
        Run r = run("stats", "--data", data().resolve("conll04/conll04_test.json").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).anyMatch(l -> l.matches("conll04_test\\.json\\s+288\\s+\\d+\\s+1079\\s+422\\s+0\\s+0\\s+\\d+\\s+\\d+\\s+\\d+"));
        assertThat(r.out().lines()).anyMatch(l -> l.matches("entity Loc\\s+427"));
        assertThat(r.out().lines()).anyMatch(l -> l.matches("relation Kill\\s+47"));
    }

    @Test
    void statsOfAFolderAsJson() throws IOException {
        Run r = run("stats", "--data", data().resolve("scierc").toString(), "--json", "--max-width", "10");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("files").size()).isEqualTo(4);
        assertThat(json.at("/files/scierc_test.json/documents").intValue()).isEqualTo(551);
        assertThat(json.at("/files/scierc_train.json/relations_per_type/Used-for").intValue()).isEqualTo(1690);
        int nested = json.at("/files/scierc_train.json/nested_entity_pairs").intValue()
                + json.at("/files/scierc_dev.json/nested_entity_pairs").intValue()
                + json.at("/files/scierc_test.json/nested_entity_pairs").intValue();
        assertThat(nested).isEqualTo(88);
        assertThat(json.at("/total/crossing_entity_pairs").intValue()).isZero();
    }

    @Test
    void missingDataFileNamesWhereItLooked() {
        Run r = run("stats", "--data-dir", data().toString(), "--data", "conll04/conll04_tset.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: conll04/conll04_tset.json not found; looked at")
                .contains(data().resolve("conll04/conll04_tset.json").toString());
    }

    @Test
    void downloadFetchesAndVerifiesFromTheGivenServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = data().resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = file.startsWith(data()) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Run first = run("download", "--dataset", "conll04", "--out", tmp.toString(), "--base-url", base);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("5 files verified (5 downloaded)");
            Run again = run("download", "--dataset", "conll04", "--out", tmp.toString(), "--base-url", base);
            assertThat(again.out()).contains("already present").contains("5 files verified (0 downloaded)");
            Run unknown = run("download", "--dataset", "semeval", "--out", tmp.toString(), "--base-url", base);
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("error: unknown dataset 'semeval'");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void importBratWritesATrainableCorpusAndSaysWhatItLeftOut() throws IOException {
        Path brat = Files.createDirectories(tmp.resolve("brat"));
        Files.writeString(brat.resolve("n1.txt"), "Mary Jones works for Acme Bank. She lives in Rome.");
        Files.writeString(brat.resolve("n1.ann"), String.join("\n", "T1\tPeop 0 10\tMary Jones", "T2\tOrg 21 30\tAcme Bank",
                "R1\tWork_For Arg1:T1 Arg2:T2", "T3\tLoc 45 49\tRome", "R2\tLive_In Arg1:T1 Arg2:T3", "T4\tOrg 0 4;21 25\tMary Acme"));
        Path out = tmp.resolve("corpus/news_train.json");
        Path types = tmp.resolve("corpus/news_types.json");

        Run r = run("import-brat", "--input", brat.toString(), "--out", out.toString(), "--types-out", types.toString(),
                "--symmetric", "Kin");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("wrote " + out + " and " + types,
                "1 files, 2 sentences, 3 entities, 1 relations",
                "  1 discontinuous entities skipped",
                "  1 relations across sentences skipped",
                "  --symmetric Kin: no relation of that type in the input");

        Run stats = run("stats", "--data", out.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out().lines()).anyMatch(l -> l.matches("news_train\\.json\\s+2\\s+12\\s+3\\s+1\\s.*"));

        Files.writeString(brat.resolve("n1.ann"), "R1\tWork_For Arg1:T1 Arg2:T2\n");
        Run bad = run("import-brat", "--input", brat.toString(), "--out", tmp.resolve("x.json").toString(), "--types-out",
                tmp.resolve("x_types.json").toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains(brat.resolve("n1.ann") + ": line 1, relation R1: no entity T1 in this file");
        assertThat(tmp.resolve("x.json")).doesNotExist();
    }

    @Test
    void importBratWritesNoTypesFileWhenItCannotWriteTheDocuments() throws IOException {
        Path brat = Files.createDirectories(tmp.resolve("brat"));
        Files.writeString(brat.resolve("n1.txt"), "Mary Jones works for Acme Bank.");
        Files.writeString(brat.resolve("n1.ann"), "T1\tPeop 0 10\tMary Jones\n");
        Path types = tmp.resolve("corpus/news_types.json");

        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where a folder is needed");
        Run blocked = run("import-brat", "--input", brat.toString(), "--out", blocker.resolve("news_train.json").toString(),
                "--types-out", types.toString());
        assertThat(blocked.exitCode()).isEqualTo(2);
        assertThat(blocked.err()).startsWith("error: cannot write " + blocker.resolve("news_train.json"));
        assertThat(types).doesNotExist();

        Path folder = Files.createDirectories(tmp.resolve("corpus/news_train.json"));
        Run intoFolder = run("import-brat", "--input", brat.toString(), "--out", folder.toString(), "--types-out", types.toString());
        assertThat(intoFolder.exitCode()).isEqualTo(2);
        assertThat(intoFolder.err().strip()).isEqualTo("error: --out " + folder + " is a directory; give the file to write");
        assertThat(types).doesNotExist();
        assertThat(folder).isDirectory();
    }
}
