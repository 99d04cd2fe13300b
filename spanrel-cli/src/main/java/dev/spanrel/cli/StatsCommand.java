package dev.spanrel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.DatasetStats;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Counts documents, tokens, entities and relations (in total and per type), nested and crossing "
                + "entity pairs, and entities wider than the span limit, for a SpERT JSON file or every data file of a folder."})
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE_OR_DIR",
            description = "A data file, or a folder: every *.json except *_types.json.")
    String data;

    @Option(names = "--types", paramLabel = "FILE", description = "Types file (default: the *_types.json in the data's folder).")
    String types;

    @Option(names = "--max-width", paramLabel = "N", defaultValue = "" + DatasetStats.DEFAULT_MAX_WIDTH,
            description = "Span limit in tokens; wider entities are counted (default: ${DEFAULT-VALUE}, SpERT's max_span_size).")
    int maxWidth;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Mixin DataDirOption dataDir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DataDirectory directory = dataDir.directory();
        Path target = directory.resolve(data).toAbsolutePath();
        boolean isFolder = Files.isDirectory(target);
        List<Path> files = isFolder ? dataFilesIn(target) : List.of(target);
        Path typesFile = types == null ? DataDirectory.typesFileIn(isFolder ? target : target.getParent()) : directory.resolve(types);
        TypeSystem typeSystem = SpertJson.readTypes(typesFile);

        Map<String, DatasetStats> perFile = new LinkedHashMap<>();
        for (Path file : files) {
            perFile.put(file.getFileName().toString(), DatasetStats.of(SpertJson.readDocuments(file, typeSystem), typeSystem, maxWidth));
        }
        DatasetStats total = perFile.values().stream().reduce(DatasetStats::plus).orElseThrow();

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode filesNode = root.putObject("files");
            perFile.forEach((name, stats) -> filesNode.set(name, toJson(stats)));
            root.set("total", toJson(total));
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            Map<String, DatasetStats> rows = new LinkedHashMap<>(perFile);
            if (perFile.size() > 1) {
                // Train+dev files repeat other splits, so this total counts their documents twice.
                rows.put("all files above", total);
            }
            out.print(StatsTable.render(rows, typeSystem, maxWidth));
        }
        out.flush();
        return 0;
    }

    private static List<Path> dataFilesIn(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> files = entries.filter(p -> Files.isRegularFile(p))
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith("_types.json"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new SpanrelException("no data files (*.json other than *_types.json) in " + folder);
            }
            return files;
        }
    }

    static ObjectNode toJson(DatasetStats s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("documents", s.documents());
        node.put("tokens", s.tokens());
        node.put("entities", s.entities());
        node.put("relations", s.relations());
        ObjectNode entityTypes = node.putObject("entities_per_type");
        s.entitiesPerType().forEach(entityTypes::put);
        ObjectNode relationTypes = node.putObject("relations_per_type");
        s.relationsPerType().forEach(relationTypes::put);
        node.put("nested_entity_pairs", s.nestedPairs());
        node.put("crossing_entity_pairs", s.crossingPairs());
        node.put("max_width", s.maxWidth());
        node.put("entities_wider_than_max_width", s.widerThanMaxWidth());
        node.put("longest_document", s.longestDocument());
        node.put("longest_entity", s.longestEntity());
        return node;
    }
}
