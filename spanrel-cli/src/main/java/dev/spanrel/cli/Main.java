package dev.spanrel.cli;

import dev.spanrel.SpanrelException;
import dev.spanrel.cli.bench.BenchCommand;
import dev.spanrel.cli.bench.LoadTestCommand;
import dev.spanrel.cli.report.ReportCommand;
import dev.spanrel.cli.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/spanrel}: one subcommand per task a user does. */
@Command(
        name = "spanrel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Joint entity and relation extraction: train, evaluate, extract.",
        subcommands = {
            StatsCommand.class,
            EvalCommand.class,
            NoiseCommand.class,
            ImportBratCommand.class,
            ImportSpertCommand.class,
            ExportSpertCommand.class,
            PackageModelCommand.class,
            DownloadCommand.class,
            ConvertCommand.class,
            EmbedCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            ExperimentCommand.class,
            ReportCommand.class,
            PredictCommand.class,
            ServeCommand.class,
            LoadTestCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute commands through it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SpanrelException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }
}
