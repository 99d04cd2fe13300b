package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.PretrainedEncoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** convert and embed on the tiny random BERT, given a made-up 99-entry vocabulary. */
class EncoderCommandsTest {
    @TempDir
    Path tmp;

    private Path tinyDir;

    @BeforeEach
    void tinyCheckpointWithVocab() throws Exception {
        String prop = System.getProperty("spanrel.shared");
        Path shared = prop != null && Files.isDirectory(Path.of(prop)) ? Path.of(prop) : Path.of("../../shared");
        Path fixture = shared.resolve("fixtures/tiny-bert");
        tinyDir = tmp.resolve("tiny");
        Files.createDirectories(tinyDir);
        Files.copy(fixture.resolve("config.json"), tinyDir.resolve("config.json"));
        Files.copy(fixture.resolve("model.safetensors"), tinyDir.resolve("model.safetensors"));
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(String.valueOf(c));
            vocab.add("##" + c);
        }
        while (vocab.size() < 99) {
            vocab.add("w" + vocab.size());
        }
        Files.write(tinyDir.resolve("vocab.txt"), vocab);
    }

    @Test
    void embedPrintsOneVectorPerToken() throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "embed", "--encoder", tinyDir.toString(), "--text", "ab c", "--json");
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("tokens")).hasSize(5);
        assertThat(json.get("tokens").get(0).asText()).isEqualTo("[CLS]");
        assertThat(json.get("tokens").get(2).asText()).isEqualTo("##b");
        assertThat(json.get("vectors")).hasSize(5);
        assertThat(json.get("vectors").get(0)).hasSize(32);
    }

    @Test
    void convertWritesAReloadableDirectory() {
        Path out = tmp.resolve("converted");
        assertThat(run(new StringWriter(), "convert", "--encoder", tinyDir.toString(), "--out", out.toString())).isZero();
        PretrainedEncoder a = Encoders.load(tinyDir.toString());
        PretrainedEncoder b = Encoders.load(out.toString());
        assertThat(b.config()).isEqualTo(a.config());
        assertThat(b.weights().keySet()).isEqualTo(a.weights().keySet());
        assertThat(b.weights().get("pooler.dense.weight").values()).containsExactly(a.weights().get("pooler.dense.weight").values());
        assertThat(out.resolve("tokenizer_config.json")).content().contains("\"do_lower_case\": false");
    }

    @Test
    void unknownEncoderIsAClearError() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("embed", "--encoder", tmp.resolve("none").toString(), "--text", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown encoder");
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }
}
