package dev.spanrel.cli;

import dev.spanrel.data.DatasetStats;
import dev.spanrel.data.TypeSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text tables of {@link DatasetStats}: one row per file, then per-type counts with a column per file. */
final class StatsTable {
    private StatsTable() {}

    static String render(Map<String, DatasetStats> rows, TypeSystem types, int maxWidth) {
        StringBuilder out = new StringBuilder();
        List<String> header = List.of("file", "docs", "tokens", "entities", "relations", "nested", "crossing",
                "wider>" + maxWidth, "longest doc", "longest entity");
        List<List<String>> body = new ArrayList<>();
        rows.forEach((name, s) -> body.add(List.of(name, n(s.documents()), n(s.tokens()), n(s.entities()),
                n(s.relations()), n(s.nestedPairs()), n(s.crossingPairs()), n(s.widerThanMaxWidth()),
                n(s.longestDocument()), n(s.longestEntity()))));
        table(out, header, body);

        out.append('\n');
        List<String> typeHeader = new ArrayList<>(List.of("type"));
        typeHeader.addAll(rows.keySet());
        List<List<String>> typeBody = new ArrayList<>();
        types.entityTypes().forEach(t -> typeBody.add(typeRow("entity " + t.name(),
                rows.values().stream().map(s -> s.entitiesPerType().getOrDefault(t.name(), 0)).toList())));
        types.relationTypes().forEach(t -> typeBody.add(typeRow("relation " + t.name(),
                rows.values().stream().map(s -> s.relationsPerType().getOrDefault(t.name(), 0)).toList())));
        table(out, typeHeader, typeBody);
        return out.toString();
    }

    private static List<String> typeRow(String label, List<Integer> counts) {
        List<String> row = new ArrayList<>(List.of(label));
        counts.forEach(c -> row.add(n(c)));
        return row;
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    /** First column left-aligned, numbers right-aligned, widths fitted to the content. */
    private static void table(StringBuilder out, List<String> header, List<List<String>> body) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : body) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(body);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String format = c == 0 ? "%-" + widths[c] + "s" : "  %" + widths[c] + "s";
                line.append(String.format(Locale.ROOT, format, row.get(c)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
