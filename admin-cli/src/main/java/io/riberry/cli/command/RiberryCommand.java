package io.riberry.cli.command;

import io.riberry.cli.GlobalOptions;
import io.riberry.cli.KafkaPreflight;
import io.riberry.cli.Riberry;
import io.riberry.cli.output.Printer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options and output through the command line's own writer. */
abstract class RiberryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    protected GlobalOptions global() {
        return ((Riberry) spec.root().userObject()).global();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Printer printer() {
        return new Printer(out(), global().output());
    }

    /** The execution id an EXECUTION_ID parameter stands for: an id, or a job name's latest execution ({@link References}). */
    protected String resolveExecution(final String given) {
        return References.executionId(global().apiClient(), given);
    }

    /** For commands that talk to Kafka directly: one line and exit 1 within seconds if it does not answer. */
    protected void requireReachableKafka() {
        KafkaPreflight.requireReachable(global().kafka());
    }
}
