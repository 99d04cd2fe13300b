package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/spanrel noise} on a small slice of SciERC train. */
class NoiseCommandTest {
    private static final Pattern RATE_LINE = Pattern.compile("(entities|relations): (\\d+) of (\\d+) labels flipped \\((\\d+\\.\\d)%\\)");

    @TempDir Path tmp;

    private final Path typesFile = CommandsTest.data().resolve("scierc/scierc_types.json");
    private final TypeSystem types = SpertJson.readTypes(typesFile);

    private Path smallInput() {
        List<Document> docs = SpertJson.readDocuments(CommandsTest.data().resolve("scierc/scierc_train.json"), types);
        Path input = tmp.resolve("small.json");
        SpertJson.writeDocuments(input, docs.subList(0, 200));
        return input;
    }

    @Test
    void writesANoisyCopyAndPrintsTheRealizedRates() throws IOException {
        Path input = smallInput();
        Path out = tmp.resolve("noisy/small_p40.json");
        CommandsTest.Run r = CommandsTest.run("noise", "--input", input.toString(), "--types", typesFile.toString(),
                "--rate", "0.4", "--seed", "5", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<Document> clean = SpertJson.readDocuments(input, types);
        List<Document> noisy = SpertJson.readDocuments(out, types);
        assertThat(noisy).hasSameSizeAs(clean);
        int entities = 0, entityFlips = 0, relations = 0, relationFlips = 0;
        for (int d = 0; d < clean.size(); d++) {
            assertThat(noisy.get(d).tokens()).isEqualTo(clean.get(d).tokens());
            for (int e = 0; e < clean.get(d).entities().size(); e++) {
                entities++;
                entityFlips += clean.get(d).entities().get(e).equals(noisy.get(d).entities().get(e)) ? 0 : 1;
            }
            for (int i = 0; i < clean.get(d).relations().size(); i++) {
                relations++;
                relationFlips += clean.get(d).relations().get(i).equals(noisy.get(d).relations().get(i)) ? 0 : 1;
            }
        }
        assertThat(r.out()).contains("wrote " + out + ": 200 documents, symmetric noise, rate 0.4, seed 5");
        assertRateLine(r.out(), "entities", entityFlips, entities);
        assertRateLine(r.out(), "relations", relationFlips, relations);
        assertThat((double) entityFlips / entities).isBetween(0.3, 0.5);

        // The same seed writes the same file.
        Path again = tmp.resolve("again.json");
        CommandsTest.run("noise", "--input", input.toString(), "--types", typesFile.toString(),
                "--rate", "0.4", "--seed", "5", "--out", again.toString());
        assertThat(Files.readString(again)).isEqualTo(Files.readString(out));
    }

    private static void assertRateLine(String output, String what, int flipped, int total) {
        Matcher m = RATE_LINE.matcher(output);
        boolean found = false;
        while (m.find()) {
            if (m.group(1).equals(what)) {
                found = true;
                assertThat(Integer.parseInt(m.group(2))).isEqualTo(flipped);
                assertThat(Integer.parseInt(m.group(3))).isEqualTo(total);
                assertThat(m.group(4)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", 100.0 * flipped / total));
            }
        }
        assertThat(found).as("a line for %s in %s", what, output).isTrue();
    }

    @Test
    void pairNoiseIsSelectedByKind() {
        Path out = tmp.resolve("pair.json");
        CommandsTest.Run r = CommandsTest.run("noise", "--input", smallInput().toString(), "--types", typesFile.toString(),
                "--rate", "0.2", "--seed", "1", "--kind", "pair", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("pair noise, rate 0.2");
    }

    @Test
    void rateOutsideTheRangeIsAUsageError() {
        Path out = tmp.resolve("never.json");
        CommandsTest.Run r = CommandsTest.run("noise", "--input", smallInput().toString(), "--types", typesFile.toString(),
                "--rate", "1.5", "--seed", "1", "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("--rate: noise rate must be in [0, 1), got 1.5");
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownKindIsAUsageError() {
        CommandsTest.Run r = CommandsTest.run("noise", "--input", smallInput().toString(), "--types", typesFile.toString(),
                "--rate", "0.2", "--seed", "1", "--kind", "uniform", "--out", tmp.resolve("x.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("--kind: unknown noise kind 'uniform'; known: symmetric, pair");
    }
}
