package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    @Test
    void servedModelIsNamedByItsRunWhenTrainCalledItModel() {
        assertThat(ServeCommand.displayName(Path.of("runs/conll04/seed-1/model"))).isEqualTo("conll04/seed-1");
        assertThat(ServeCommand.displayName(Path.of("/models/acme-relations"))).isEqualTo("acme-relations");
        assertThat(ServeCommand.displayName(Path.of("/model"))).isEqualTo("model");
    }
}
