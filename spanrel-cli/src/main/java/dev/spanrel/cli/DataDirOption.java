package dev.spanrel.cli;

import dev.spanrel.data.DataDirectory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by commands that read data sets by short paths. */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder that short data paths resolve against (default: $SPANREL_DATA, else ../shared/data).")
    Path dataDir;

    DataDirectory directory() {
        return DataDirectory.locate(Optional.ofNullable(dataDir));
    }
}
