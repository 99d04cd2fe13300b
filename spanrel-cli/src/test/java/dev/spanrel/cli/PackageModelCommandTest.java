package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.artifact.ClasspathModels;
import dev.spanrel.artifact.ModelCoordinates;
import dev.spanrel.infer.Extractor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** package-model as bin/spanrel runs it, on the model SpERT trained (imported first). */
class PackageModelCommandTest {
    @TempDir Path tmp;

    @Test
    void theCommandWritesAJarAndPomThatOpenFromAFreshClassLoader() throws Exception {
        Path model = tmp.resolve("model");
        Path fixture = CommandsTest.data().resolveSibling("fixtures").resolve("spert-tiny-conll04");
        CommandsTest.Run imported = CommandsTest.run("import-spert", "--checkpoint", fixture.resolve("model").toString(),
                "--types", CommandsTest.data().resolve("conll04/conll04_types.json").toString(),
                "--spert-config", fixture.resolve("train.conf").toString(), "--out", model.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();

        Path dist = tmp.resolve("dist");
        CommandsTest.Run packaged = CommandsTest.run("package-model", "--model", model.toString(),
                "--coordinates", "org.example.nlp:spert-conll04:0.3", "--out", dist.toString());
        assertThat(packaged.exitCode()).as(packaged.err()).isZero();
        Path jar = dist.resolve("spert-conll04-0.3.jar");
        assertThat(packaged.out()).contains("wrote " + jar, dist.resolve("spert-conll04-0.3.pom").toString(),
                "install: mvn install:install-file -Dfile=" + jar + " -DpomFile=" + dist.resolve("spert-conll04-0.3.pom"),
                "Extractor.fromClasspath(\"org.example.nlp:spert-conll04\")");

        String text = "Mary Jones, a lawyer in Boston, works for the city of Boston.";
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                Extractor fromDirectory = Extractor.load(model)) {
            Path extracted = ClasspathModels.locate(ModelCoordinates.parse("org.example.nlp:spert-conll04"), loader, tmp.resolve("cache"));
            try (Extractor fromJar = Extractor.load(extracted)) {
                assertThat(fromJar.extract(text)).isEqualTo(fromDirectory.extract(text));
            }
        }
    }

    @Test
    void coordinatesWithoutAVersionAreAnErrorSayingSo() {
        CommandsTest.Run r = CommandsTest.run("package-model", "--model", tmp.toString(), "--coordinates", "org.example:m",
                "--out", tmp.resolve("dist").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: ", "model coordinates 'org.example:m': a version is needed (group:artifact:version)");
        assertThat(tmp.resolve("dist")).doesNotExist();
    }
}
