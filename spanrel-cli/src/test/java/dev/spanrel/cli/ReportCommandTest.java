package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spanrel report} on hand-made experiment summaries. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir Path tmp;

    /** A summary whose every F1 mean is {@code entity} for entities and {@code relation} for relations. */
    private void summary(String name, String plan, int index, String dataset, double noise, boolean quick, int runs,
            double entity, double relation, double std) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("name", name).put("plan", plan).put("plan_name", "p").put("plan_index", index).put("dataset", dataset)
                .put("variant", "variant of " + name).put("setting", "micro, strict");
        if (noise >= 0) {
            s.put("noise_rate", noise);
        } else {
            s.putNull("noise_rate");
        }
        s.put("quick", quick);
        ArrayNode list = s.putArray("runs");
        for (int i = 0; i < runs; i++) {
            list.addObject().put("seed", i + 1).put("code_version", "0123456789abcdef0123").put("created", "2026-11-2" + (5 + i) + "T08:00:00Z");
        }
        s.put("runs_done", runs).put("runs_planned", 5).put("complete", runs == 5);
        ObjectNode test = s.putObject("test");
        ObjectNode testStd = s.putObject("test_std");
        for (String block : new String[] {"entities", "relations_strict", "relations_boundaries"}) {
            double base = block.equals("entities") ? entity : relation + (block.equals("relations_boundaries") ? 1 : 0);
            test.putObject(block).putObject("micro").put("precision", base).put("recall", base).put("f1", base);
            test.withObjectProperty(block).putObject("macro").put("precision", base - 2).put("recall", base - 2).put("f1", base - 2);
            testStd.putObject(block).putObject("micro").put("precision", std).put("recall", std).put("f1", std);
            testStd.withObjectProperty(block).putObject("macro").put("precision", std).put("recall", std).put("f1", std);
        }
        Files.createDirectories(tmp.resolve("results"));
        Files.writeString(tmp.resolve("results").resolve(name + (quick ? "-quick" : "") + ".json"), s.toPrettyString());
    }

    /** {@code spanrel report} over the summaries written so far into a file of nothing but the markers. */
    private String reportOfTheSummaries() throws IOException {
        Path out = tmp.resolve("RESULTS.md");
        Files.writeString(out, "<!-- report:begin -->\n<!-- report:end -->\n");
        CommandsTest.Run r = CommandsTest.run("report", "--results", tmp.resolve("results").toString(),
                "--out", out.toString(), "--charts", tmp.resolve("charts").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Files.readString(out);
    }

    @Test
    void aDataSetWithoutPublishedNumbersGetsNoPublishedTable() throws IOException {
        summary("conll04-dev-paper", "experiments/conll04-dev.json", 0, "conll04-dev", -1, false, 2, 86.0, 67.0, 0.5);
        String md = reportOfTheSummaries();
        String section = md.substring(md.indexOf("## conll04-dev"));
        assertThat(section).contains("Nothing is published for conll04-dev; micro averaging first, both relation settings shown.");
        assertThat(section).contains("| conll04-dev-paper | variant of conll04-dev-paper | 2 of 5 | 86.00 ± 0.50 | 67.00 ± 0.50 | 68.00 ± 0.50 |");
        assertThat(section).doesNotContain("Published, not measured here").doesNotContain("as reported in the literature");
    }

    @Test
    void adeWithoutOverlappingEntitiesHasASectionOfItsOwnBesideSpertsSecondSetting() throws IOException {
        summary("ade-bert-base-cased", "experiments/table1.json", 1, "ade", -1, false, 3, 90.0, 80.0, 0.5);
        summary("ade-bert-base-cased-no-overlap", "experiments/table1.json", 2, "ade-no-overlap", -1, false, 2, 91.0, 81.0, 0.25);
        String md = reportOfTheSummaries();
        String with = md.substring(md.indexOf("\n## ADE\n"), md.indexOf("\n## ADE without overlapping entities\n"));
        String without = md.substring(md.indexOf("\n## ADE without overlapping entities\n"), md.indexOf("\n## SciERC\n"));
        // Macro first, as for ADE; each section has its own runs and SpERT's row of its own setting.
        assertThat(with).contains("| ade-bert-base-cased | variant of ade-bert-base-cased | 3 of 5 | 88.00 ± 0.50 | 78.00 ± 0.50 | 79.00 ± 0.50 |",
                "| SpERT, BERT-base | 89.28 | 78.84 |").doesNotContain("no-overlap |");
        assertThat(without).contains("The literature reports ADE without overlapping entities with macro averaging and relations strict",
                "| ade-bert-base-cased-no-overlap | variant of ade-bert-base-cased-no-overlap | 2 of 5 | 89.00 ± 0.25 | 79.00 ± 0.25 | 80.00 ± 0.25 |",
                "| SpERT, BERT-base | 89.25 | 79.24 |").doesNotContain("78.84").doesNotContain("SPAN_SpanBERT");
    }

    @Test
    void writesTablesBetweenTheMarkersAndDrawsCharts() throws IOException {
        summary("conll04-bert-base-cased", "experiments/table1.json", 0, "conll04", -1, false, 5, 88.5, 71.25, 0.75);
        summary("conll04-cross-entropy", "experiments/ablations.json", 0, "conll04", -1, false, 3, 87.0, 70.0, 1.5);
        summary("conll04-bert-base-cased", "experiments/table1.json", 0, "conll04", -1, true, 1, 40.0, 5.0, 0);
        summary("scierc-noise-0", "experiments/table2-noise.json", 0, "scierc", 0.0, false, 3, 67.0, 46.0, 0.5);
        summary("scierc-noise-20", "experiments/table2-noise.json", 1, "scierc", 0.2, false, 2, 64.0, 41.0, 0.5);
        Path out = tmp.resolve("docs/RESULTS.md");
        Files.createDirectories(out.getParent());
        String before = "# Results\n\nHand-written introduction that must survive.\n\n";
        String after = "\n## Discussion\n\nHand-written discussion, also kept.\n";
        Files.writeString(out, before + "<!-- report:begin -->\nold generated text\n<!-- report:end -->" + after);

        CommandsTest.Run r = CommandsTest.run("report", "--results", tmp.resolve("results").toString(),
                "--out", out.toString(), "--charts", tmp.resolve("docs/charts").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        String md = Files.readString(out);
        assertThat(md).startsWith(before + "<!-- report:begin -->\n").endsWith("<!-- report:end -->" + after);
        assertThat(md).doesNotContain("old generated text");
        // CoNLL04, micro (the literature's averaging): mean ± std; strict and boundaries relations.
        assertThat(md).contains("| conll04-bert-base-cased | variant of conll04-bert-base-cased | 5 | 88.50 ± 0.75 | 71.25 ± 0.75 | 72.25 ± 0.75 |");
        assertThat(md).contains("| conll04-cross-entropy | variant of conll04-cross-entropy | 3 of 5 | 87.00 ± 1.50 | 70.00 ± 1.50 | 71.00 ± 1.50 |");
        // The other averaging, and the quick row labelled as such and shown without a spread.
        assertThat(md).contains("| conll04-bert-base-cased | 5 | 86.50 ± 0.75 | 69.25 ± 0.75 | 70.25 ± 0.75 |");
        assertThat(md).contains("| conll04-bert-base-cased | variant of conll04-bert-base-cased | 1 of 5, single run, quick | 40.00 | 5.00 | 6.00 |");
        // Published numbers sit in their own table.
        assertThat(md).contains("| SPAN_SpanBERT (the paper) | 89.02 | 71.58 |", "| SpERT, BERT-base | 67.62 | 46.44 |");
        // How each row was made.
        assertThat(md).contains("`bin/spanrel experiment --plan experiments/table1.json --only conll04-bert-base-cased`; 5 of 5 runs (seeds 1, 2, 3, 4, 5); code 0123456789ab; 2026-11-25 to 2026-11-29; evaluation: micro, strict");
        assertThat(md).contains("`bin/spanrel experiment --plan experiments/table1.json --quick --only conll04-bert-base-cased`");
        // Noise: SciERC with micro averaging and boundaries relations; the 20% run is kept out of the clean table.
        assertThat(md).contains("| 20% | scierc-noise-20 | 2 of 5 | 64.00 ± 0.50 | 42.00 ± 0.50 |");
        assertThat(md).contains("| SPAN_SpanBERT (the paper) | 40% | 56.43 | 36.72 |");
        assertThat(md.substring(md.indexOf("## SciERC"), md.indexOf("### SciERC"))).doesNotContain("scierc-noise-20 |");
        // Charts are linked relative to the Markdown file and written as non-empty PNGs.
        assertThat(md).contains("(charts/noise-scierc-entities.png)", "(charts/noise-scierc-relations.png)", "(charts/variants-conll04.png)");
        for (String chart : new String[] {"noise-scierc-entities.png", "noise-scierc-relations.png", "variants-conll04.png"}) {
            byte[] png = Files.readAllBytes(tmp.resolve("docs/charts").resolve(chart));
            assertThat(png.length).as(chart).isGreaterThan(1000);
            assertThat(java.util.Arrays.copyOf(png, 4)).as(chart).isEqualTo(PNG_MAGIC);
        }

        // A second report over the same summaries changes nothing.
        CommandsTest.run("report", "--results", tmp.resolve("results").toString(), "--out", out.toString(),
                "--charts", tmp.resolve("docs/charts").toString());
        assertThat(Files.readString(out)).isEqualTo(md);
    }

    @Test
    void createsTheFileWithMarkersWhenMissing() throws IOException {
        Path out = tmp.resolve("RESULTS.md");
        CommandsTest.Run r = CommandsTest.run("report", "--results", tmp.resolve("none").toString(), "--out", out.toString(),
                "--charts", tmp.resolve("charts").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String md = Files.readString(out);
        assertThat(md).contains("<!-- report:begin -->", "<!-- report:end -->", "No experiment summaries yet",
                "| SpERT, BERT-base | 88.94 | 71.47 |");
    }

    @Test
    void aFileWithoutMarkersIsLeftAloneWithAnError() throws IOException {
        Path out = tmp.resolve("RESULTS.md");
        Files.writeString(out, "# Results\n\nno markers here\n");
        CommandsTest.Run r = CommandsTest.run("report", "--results", tmp.resolve("none").toString(), "--out", out.toString(),
                "--charts", tmp.resolve("charts").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("RESULTS.md: the markers <!-- report:begin --> and <!-- report:end --> are missing");
        assertThat(Files.readString(out)).isEqualTo("# Results\n\nno markers here\n");
    }
}
