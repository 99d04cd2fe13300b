package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "embed", description = "Not built yet.")
final class EmbedCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("embed is not built yet");
    }
}
