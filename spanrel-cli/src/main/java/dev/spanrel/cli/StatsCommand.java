package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "stats", description = "Not built yet.")
final class StatsCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("stats is not built yet");
    }
}
