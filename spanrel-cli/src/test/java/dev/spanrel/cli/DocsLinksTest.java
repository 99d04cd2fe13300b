package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and image in the README and docs/ names a file that exists: the report rewrites charts and
 * sections, and a renamed chart would otherwise leave a dead link behind.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)]*)?\\)");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static List<String> deadLinks(Path markdown) throws IOException {
        List<String> dead = new ArrayList<>();
        Matcher m = LINK.matcher(Files.readString(markdown));
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("^[a-z]+:.*")) {
                continue; // http(s), mailto: not ours to check offline
            }
            if (!Files.exists(markdown.getParent().resolve(target))) {
                dead.add(ROOT.relativize(markdown) + " -> " + target);
            }
        }
        return dead;
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsExists() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        List<String> dead = new ArrayList<>();
        for (Path file : files) {
            dead.addAll(deadLinks(file));
        }
        assertThat(files).hasSizeGreaterThan(3);
        assertThat(dead).isEmpty();
    }

    @Test
    void aLinkToAMissingFileIsFound(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("there.png"), "");
        Path md = Files.writeString(dir.resolve("x.md"),
                "![a](there.png) [b](missing.md#part) [c](https://example.org/x) [d](there.png#top)");
        assertThat(deadLinks(md)).hasSize(1).allSatisfy(d -> assertThat(d).endsWith("-> missing.md"));
    }
}
