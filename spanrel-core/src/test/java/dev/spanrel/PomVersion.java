package dev.spanrel;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads a module's version from its pom.xml (its own {@code <version>}, else its parent's), as Maven would. */
public final class PomVersion {
    private PomVersion() {}

    public static String of(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        String own = child(project, "version");
        if (own != null) {
            return own;
        }
        Element parent = childElement(project, "parent");
        if (parent == null || child(parent, "version") == null) {
            throw new IllegalArgumentException(pom + " has no <version> and no parent version");
        }
        return child(parent, "version");
    }

    private static String child(Element element, String name) {
        Element child = childElement(element, name);
        return child == null ? null : child.getTextContent().trim();
    }

    private static Element childElement(Element element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
