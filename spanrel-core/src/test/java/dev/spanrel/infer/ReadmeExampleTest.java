package dev.spanrel.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.testing.ReadmeSnippets;
import dev.spanrel.testing.ReadmeTask;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.train.TrainingRun;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of README.md, exactly as written there, compiles against the library and prints the relations
 * the {@link Extractor} finds, when run in a directory where {@code runs/conll04/model} is a tiny model trained on
 * the example's own text.
 */
class ReadmeExampleTest {
    private static final String TEXT = ReadmeTask.TEXT;

    @TempDir Path tmp;

    /** The README's example that opens a model directory (the other opens a model jar from the class path). */
    static String readmeSnippet() throws IOException {
        return ReadmeSnippets.blockContaining(Path.of(".."), "Extractor.load(");
    }

    static String asProgram(String snippet, String className) {
        return ReadmeSnippets.asProgram(snippet, className);
    }

    @Test
    void theReadmeSnippetHasItsImports() throws IOException {
        assertThat(readmeSnippet()).contains("import dev.spanrel.infer.Extractor;", "import java.nio.file.Path;");
    }

    @Test
    void theReadmeSnippetCompilesAndPrintsTheExtractedRelations() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        TinyTask task = ReadmeTask.write(tmp.resolve("task"));
        new TrainingRun(task.config("epochs=30", "seed=7"), task.data(), new PrintStream(OutputStream.nullOutputStream()), false)
                .train(work.resolve("runs/conll04"), false);

        Path sources = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path source = sources.resolve("ReadmeExample.java");
        Files.writeString(source, asProgram(readmeSnippet(), "ReadmeExample"));
        String classPath = testClassPath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", classPath, "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();

        // A JVM of its own, so that the snippet's relative path resolves against the directory holding the model.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + classPath, "ReadmeExample"));
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(tmp.resolve("stderr.txt"))).isZero();

        StringBuilder expected = new StringBuilder();
        try (Extractor extractor = Extractor.load(work.resolve("runs/conll04/model"))) {
            for (ExtractedSentence sentence : extractor.extract(TEXT).sentences()) {
                for (ExtractedRelation relation : sentence.relations()) {
                    expected.append(sentence.entities().get(relation.head()).text()).append(' ').append(relation.type())
                            .append(' ').append(sentence.entities().get(relation.tail()).text()).append('\n');
                }
            }
        }
        assertThat(readmeSnippet()).contains(TEXT);
        out = out.replace(System.lineSeparator(), "\n");
        assertThat(out).isEqualTo(expected.toString());
        assertThat(out).as("the tiny model finds the relation it was trained on").contains("John Smith Live_In Paris\n");
    }

    /** What the tests compile against: surefire names it apart when it puts only a manifest jar on the class path. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path", "");
        return surefire.isBlank() ? System.getProperty("java.class.path") : surefire;
    }
}
