package dev.spanrel.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Renders an {@link Evaluation} as JSON (for tools) or as a table (for people). */
public final class EvaluationReport {
    private EvaluationReport() {}

    /**
     * {@code {"entities": {"micro": {precision, recall, f1}, "macro": {...}, "per_type": {TYPE: {precision,
     * recall, f1, support}}}, "relations_strict": {...}, "relations_boundaries": {...}}}, numbers in percent.
     *
     * @param evaluation the scores
     * @return the JSON object
     */
    public static ObjectNode toJson(Evaluation evaluation) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("entities", block(evaluation.entities()));
        root.set("relations_strict", block(evaluation.relationsStrict()));
        root.set("relations_boundaries", block(evaluation.relationsBoundaries()));
        return root;
    }

    private static ObjectNode block(Scores scores) {
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.set("micro", prf(scores.micro(), false));
        block.set("macro", prf(scores.macro(), false));
        ObjectNode perType = block.putObject("per_type");
        scores.perType().forEach((type, prf) -> perType.set(type, prf(prf, true)));
        return block;
    }

    private static ObjectNode prf(Prf prf, boolean withSupport) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("precision", prf.precision());
        node.put("recall", prf.recall());
        node.put("f1", prf.f1());
        if (withSupport) {
            node.put("support", prf.support());
        }
        return node;
    }

    /**
     * The three blocks with per-type, micro and macro rows, each titled with what counts as right.
     *
     * @param evaluation the scores
     * @return the table, one line per row
     */
    public static String toTable(Evaluation evaluation) {
        StringBuilder out = new StringBuilder();
        table(out, "Entities: right when span and entity type are right", evaluation.entities());
        out.append('\n');
        table(out, "Relations, strict (SpERT \"with NEC\"): right when both spans, both entity types and the relation type are right",
                evaluation.relationsStrict());
        out.append('\n');
        table(out, "Relations, boundaries (SpERT \"without NEC\"): right when both spans and the relation type are right",
                evaluation.relationsBoundaries());
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Scores scores) {
        int width = Math.max(8, scores.perType().keySet().stream().mapToInt(String::length).max().orElse(0));
        String header = "%-" + width + "s %10s %10s %10s %10s%n";
        String numbers = "%-" + width + "s %10.2f %10.2f %10.2f %10d%n";
        out.append(title).append('\n');
        out.append(String.format(Locale.ROOT, header, "type", "precision", "recall", "f1", "support"));
        scores.perType().forEach((type, prf) -> row(out, numbers, type, prf));
        out.append('\n');
        row(out, numbers, "micro", scores.micro());
        row(out, numbers, "macro", scores.macro());
    }

    private static void row(StringBuilder out, String format, String label, Prf p) {
        out.append(String.format(Locale.ROOT, format, label, p.precision(), p.recall(), p.f1(), p.support()));
    }
}
