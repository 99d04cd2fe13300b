package dev.spanrel.cli;

import dev.spanrel.SpanrelVersion;
import dev.spanrel.train.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code spanrel --version}: the version the build stamped into the classes and the commit they were built from. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"spanrel " + SpanrelVersion.version(), "commit " + Provenance.codeVersion()};
    }
}
