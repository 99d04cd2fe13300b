package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "train", description = "Not built yet.")
final class TrainCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("train is not built yet");
    }
}
