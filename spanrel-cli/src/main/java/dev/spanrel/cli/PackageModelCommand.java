package dev.spanrel.cli;

import dev.spanrel.artifact.ModelCoordinates;
import dev.spanrel.artifact.ModelJarWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "package-model", mixinStandardHelpOptions = true,
        description = {"Packages a model directory as a Maven artifact: <artifact>-<version>.jar (the model under"
                + " META-INF/spanrel/models/<group>/<artifact>/, with a descriptor of every file and its SHA-256) and"
                + " <artifact>-<version>.pom, for `mvn install:install-file` or a repository manager. A project that"
                + " depends on it opens the model with Extractor.fromClasspath(\"group:artifact\")."})
final class PackageModelCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (with spanrel.json).")
    Path model;

    @Option(names = "--coordinates", required = true, paramLabel = "GROUP:ARTIFACT:VERSION",
            description = "Maven coordinates to publish the model under.")
    String coordinates;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to write the jar and pom into (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        ModelCoordinates parsed = ModelCoordinates.parseWithVersion(coordinates);
        ModelJarWriter.PackagedModel packaged = ModelJarWriter.write(model, parsed, out);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s (%d files of %s, digest %s) and %s%n", packaged.jar(), packaged.descriptor().files().size(),
                model, packaged.descriptor().digest(), packaged.pom());
        printer.printf("install: mvn install:install-file -Dfile=%s -DpomFile=%s%n", packaged.jar(), packaged.pom());
        printer.printf("load:    Extractor.fromClasspath(\"%s\")%n", parsed.groupAndArtifact());
        printer.flush();
        return 0;
    }
}
