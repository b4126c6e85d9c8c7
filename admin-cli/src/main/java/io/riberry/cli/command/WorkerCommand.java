package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.sdk.RiberryWorker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry worker [INSTANCE]}: a process of a demo instance running the demo workflows,
 * until Ctrl-C. Stopping it is how the tour shows an instance going offline.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run the demo workflows as a worker process of a demo instance, until Ctrl-C.")
public final class WorkerCommand extends RiberryCommand {

    @Parameters(paramLabel = "INSTANCE", arity = "0..1", description = "The demo instance (default demo-sleepy).")
    String instance = DemoWorkflows.SLEEPY_INSTANCE;

    @Option(names = "--concurrency", description = "Entry points run at once (default 4); the instance's concurrency parameter overrides it.")
    int concurrency = 4;

    @Override
    public Integer call() throws InterruptedException {
        final RiberryWorker worker = DemoWorkflows.worker(global().bootstrapServer(), global().registry(), instance, concurrency).start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Short: a stopped worker's unfinished executions are the platform's to fail once the instance is offline.
            worker.close(Duration.ofSeconds(2));
            stopped.countDown();
        }, "riberry-worker-shutdown"));
        printer().line("Worker of " + instance + " running (Ctrl-C stops it; the platform marks the instance OFFLINE once its heartbeats stop)");
        stopped.await();
        return ExitCodes.OK;
    }
}
