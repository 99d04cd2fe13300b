package dev.spanrel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir Path tmp;
    Path work;
    Path flagDir;
    Path envDir;

    @BeforeEach
    void layout() throws IOException {
        work = Files.createDirectories(tmp.resolve("checkout"));
        flagDir = Files.createDirectories(tmp.resolve("flag/conll04"));
        envDir = Files.createDirectories(tmp.resolve("env/conll04"));
        Files.writeString(flagDir.resolve("conll04_test.json"), "[]");
        Files.writeString(envDir.resolve("conll04_test.json"), "[]");
    }

    @Test
    void flagWinsOverEnvironmentAndDefault() {
        DataDirectory dir = DataDirectory.locate(Optional.of(tmp.resolve("flag")), Map.of("SPANREL_DATA", tmp.resolve("env").toString()), work);
        assertThat(dir.resolve("conll04/conll04_test.json")).isEqualTo(flagDir.resolve("conll04_test.json"));
    }

    @Test
    void environmentWinsOverDefault() throws IOException {
        Files.createDirectories(tmp.resolve("shared/data"));
        DataDirectory dir = DataDirectory.locate(Optional.empty(), Map.of("SPANREL_DATA", tmp.resolve("env").toString()), work);
        assertThat(dir.root()).contains(tmp.resolve("env"));
    }

    @Test
    void defaultIsSharedDataNextToTheWorkingDirectory() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared/data"));
        DataDirectory dir = DataDirectory.locate(Optional.empty(), Map.of(), work);
        assertThat(dir.root()).contains(shared);
    }

    @Test
    void existingOrAbsolutePathsAreUsedAsGiven() throws IOException {
        Files.writeString(work.resolve("mine.json"), "[]");
        DataDirectory dir = DataDirectory.locate(Optional.of(tmp.resolve("flag")), Map.of(), work);
        assertThat(dir.resolve("mine.json")).isEqualTo(work.resolve("mine.json"));
        Path absolute = envDir.resolve("conll04_test.json");
        assertThat(dir.resolve(absolute.toString())).isEqualTo(absolute);
    }

    @Test
    void errorsNameWhereTheyLooked() {
        DataDirectory none = DataDirectory.locate(Optional.empty(), Map.of(), work);
        assertThat(none.root()).isEmpty();
        assertThatThrownBy(() -> none.resolve("conll04/conll04_test.json"))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("conll04/conll04_test.json not found; looked at " + work.resolve("conll04/conll04_test.json"))
                .hasMessageContaining("SPANREL_DATA is not set");
        DataDirectory flag = DataDirectory.locate(Optional.of(tmp.resolve("flag")), Map.of(), work);
        assertThatThrownBy(() -> flag.resolve("scierc/scierc_test.json"))
                .hasMessageContaining(tmp.resolve("flag/scierc/scierc_test.json") + " (data folder from --data-dir");
        assertThatThrownBy(() -> DataDirectory.locate(Optional.of(tmp.resolve("nowhere")), Map.of(), work))
                .hasMessageContaining("--data-dir").hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> DataDirectory.locate(Optional.empty(), Map.of("SPANREL_DATA", "/no/such/dir"), work))
                .hasMessageContaining("SPANREL_DATA=/no/such/dir is not a folder");
    }

    @Test
    void findsTheTypesFileNextToTheData() throws IOException {
        assertThatThrownBy(() -> DataDirectory.typesFileIn(flagDir)).hasMessageContaining("no *_types.json");
        Files.writeString(flagDir.resolve("conll04_types.json"), "{}");
        assertThat(DataDirectory.typesFileIn(flagDir)).isEqualTo(flagDir.resolve("conll04_types.json"));
    }
}
