package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** {@code spanrel --version} names the version in the poms, not a string written into the code. */
class VersionTest {
    @Test
    void versionIsTheVersionOfThePom() throws Exception {
        CommandsTest.Run run = CommandsTest.run("--version");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String pomVersion = parentVersion(Path.of("pom.xml"));
        assertThat(run.out().lines().findFirst()).hasValue("spanrel " + pomVersion);
        assertThat(run.out().lines().skip(1).findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith("commit "));
    }

    /** The module inherits its version: the {@code <parent><version>} of its pom. */
    private static String parentVersion(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element parent && parent.getTagName().equals("parent")) {
                return parent.getElementsByTagName("version").item(0).getTextContent().trim();
            }
        }
        throw new IllegalStateException(pom + " has no parent");
    }
}
