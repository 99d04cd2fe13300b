package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "download", description = "Not built yet.")
final class DownloadCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("download is not built yet");
    }
}
