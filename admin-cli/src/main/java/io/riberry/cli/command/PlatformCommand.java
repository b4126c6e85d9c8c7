package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.platform.PlatformService;
import io.riberry.platform.config.PlatformConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code riberry platform}: one production replica of the platform on an existing Kafka cluster,
 * until stopped. Replicas that share {@code application.id} form one system.
 */
@Command(name = "platform", mixinStandardHelpOptions = true,
        description = {"Run one platform replica (Kafka Streams, HTTP API, optionally the schema registry) on an existing Kafka cluster,"
                + " until stopped.",
                "Settings (see config/platform.properties): defaults < --config FILE < RIBERRY_* environment (RIBERRY_HTTP_PORT for http.port)"
                        + " < -Driberry.* system properties; --bootstrap-server, when given, sets bootstrap.servers.",
                "Keys prefixed kafka. (RIBERRY_KAFKA_SECURITY_PROTOCOL, ...) are Kafka client settings for every client of the replica."})
public final class PlatformCommand extends RiberryCommand {

    /** How long to wait for readiness before saying so; the replica keeps trying after that. */
    private static final Duration READY_WAIT = Duration.ofMinutes(2);

    @Override
    public Integer call() throws InterruptedException {
        final long started = System.nanoTime();
        final Map<String, String> overrides = new HashMap<>();
        global().bootstrapServerFlag().ifPresent(servers -> overrides.put(PlatformConfig.BOOTSTRAP_SERVERS, servers));
        final PlatformConfig config = PlatformConfig.load(global().configFile().orElse(null), overrides);
        final PlatformService platform = PlatformService.start(config);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "riberry-platform-shutdown"));
        printer().line("Riberry platform replica of " + config.applicationId() + " on Kafka " + config.kafka());
        printer().line("  HTTP API         " + platform.apiUrl());
        printer().line("  Schema registry  " + platform.registryUrl());
        try {
            platform.awaitReady(READY_WAIT);
            printer().line(String.format("Ready in %.1f s (GET %s/health/ready)", (System.nanoTime() - started) / 1e9, platform.apiUrl()));
            printer().line(platform.startupReport());
        } catch (IllegalStateException e) {
            if (!platform.readiness().report().live()) {
                err().println("riberry: " + e.getMessage());
                platform.close();
                return ExitCodes.FAILURE;
            }
            printer().line("Not ready yet: " + e.getMessage() + "; still trying (GET " + platform.apiUrl() + "/health/ready)");
        }
        stopped.await();
        return ExitCodes.OK;
    }
}
