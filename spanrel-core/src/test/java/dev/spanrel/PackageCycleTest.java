package dev.spanrel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No cycles between the packages of spanrel-core: a package that imports from another must not be imported from,
 * directly or through others, by that one. Read from the sources' import statements and fully qualified names in
 * code (comments are left out: a javadoc link is not a dependency).
 */
class PackageCycleTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/spanrel");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.spanrel\\.([a-z]+)\\.[A-Z]");

    @Test
    void thePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies).containsKeys("model", "train", "infer", "data");
        List<String> cycles = new ArrayList<>();
        for (String from : dependencies.keySet()) {
            for (String to : dependencies.get(from)) {
                if (reaches(dependencies, to, from)) {
                    cycles.add(from + " -> " + to + " -> ... -> " + from);
                }
            }
        }
        assertThat(cycles).as("package dependencies " + dependencies).isEmpty();
    }

    @Test
    void theCheckSeesACycle() {
        Map<String, Set<String>> made = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));
        assertThat(reaches(made, "b", "a")).isTrue();
        assertThat(reaches(Map.of("a", Set.of("b"), "b", Set.of()), "b", "a")).isFalse();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file.getParent());
                String from = dir.toString().isEmpty() ? "(root)" : dir.toString().replace('/', '.');
                String code = withoutComments(Files.readString(file));
                Matcher m = REFERENCE.matcher(code);
                Set<String> targets = dependencies.computeIfAbsent(from, k -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return dependencies;
    }

    private static boolean reaches(Map<String, Set<String>> dependencies, String start, String goal) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (at.equals(goal)) {
                return true;
            }
            if (seen.add(at)) {
                todo.addAll(dependencies.getOrDefault(at, Set.of()));
            }
        }
        return false;
    }

    /** The source without its block and line comments (string literals holding comment markers are not expected). */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
