package dev.spanrel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java examples of README.md, read from the file the tests run beside, and each as a class that compiles: its
 * imports on top, the rest as the body of {@code main}. The README shows statements, as a user would paste them.
 */
public final class ReadmeSnippets {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    private ReadmeSnippets() {}

    /** The ```java blocks of README.md in order; {@code repositoryRoot} is the checkout's top directory. */
    public static List<String> javaBlocks(Path repositoryRoot) throws IOException {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(repositoryRoot.resolve("README.md")));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** The one block that contains {@code marker}; none or several is an error saying so. */
    public static String blockContaining(Path repositoryRoot, String marker) throws IOException {
        List<String> matching = javaBlocks(repositoryRoot).stream().filter(b -> b.contains(marker)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("README.md has " + matching.size() + " ```java blocks containing " + marker);
        }
        return matching.get(0);
    }

    /** The snippet as a class: its imports on top, the rest as the body of {@code main}. */
    public static String asProgram(String snippet, String className) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : snippet.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "public class " + className + " {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n";
    }
}
