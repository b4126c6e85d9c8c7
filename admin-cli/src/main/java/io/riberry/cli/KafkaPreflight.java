package io.riberry.cli;

import io.riberry.kafka.KafkaConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Before a command talks to Kafka directly: one check, within {@link #TIMEOUT}, that the cluster
 * answers, and if not, one line naming the address and how to set it. Without it a Kafka client
 * retries for a minute, logging a warning per attempt, and then says only "Timed out waiting for
 * a node assignment".
 */
public final class KafkaPreflight {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String HOW_TO_SET = "set the address with --bootstrap-server or " + GlobalOptions.BOOTSTRAP_SERVER_ENV;

    /** Kafka client loggers that warn once per connection attempt, per client. */
    private static final List<String> PER_ATTEMPT_LOGGERS = List.of(
            "org.apache.kafka.clients.NetworkClient", "org.apache.kafka.clients.ClientUtils");

    private KafkaPreflight() {
    }

    /**
     * Throws a {@link CliException} unless {@code kafka} answers within {@link #TIMEOUT}. From
     * here on this process logs no per-attempt connection warnings: a short-lived command reports
     * what failed itself, and a worker says once per interval that its heartbeats go unacknowledged.
     */
    public static void requireReachable(final KafkaConnection kafka) {
        quietPerAttemptWarnings();
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final List<String> failures = new ArrayList<>();
        boolean listening = false;
        for (String address : addresses(kafka.bootstrapServers())) {
            final Optional<String> failure = connect(address, deadline);
            if (failure.isEmpty()) {
                listening = true;
                break;
            }
            failures.add(address + " (" + failure.get() + ")");
        }
        if (!listening) {
            throw new CliException("cannot reach Kafka at " + String.join(", ", failures) + "; " + HOW_TO_SET);
        }
        requireAnswer(kafka, deadline);
    }

    private static void quietPerAttemptWarnings() {
        PER_ATTEMPT_LOGGERS.forEach(logger -> Configurator.setLevel(logger, Level.ERROR));
    }

    private static List<String> addresses(final String bootstrapServers) {
        final List<String> addresses = new ArrayList<>();
        for (String address : bootstrapServers.split(",")) {
            if (!address.isBlank()) {
                addresses.add(address.trim());
            }
        }
        if (addresses.isEmpty()) {
            throw new CliException("no Kafka address given; " + HOW_TO_SET);
        }
        return addresses;
    }

    /** Whether something listens at {@code address}: empty if so, else why not. */
    private static Optional<String> connect(final String address, final long deadline) {
        final String host = Utils.getHost(address);
        final Integer port = Utils.getPort(address);
        if (host == null || port == null) {
            return Optional.of("not HOST:PORT");
        }
        final InetSocketAddress socketAddress = new InetSocketAddress(host, port);
        if (socketAddress.isUnresolved()) {
            return Optional.of("unknown host");
        }
        try (Socket socket = new Socket()) {
            socket.connect(socketAddress, remainingMillis(deadline));
            return Optional.empty();
        } catch (ConnectException e) {
            return Optional.of("connection refused");
        } catch (SocketTimeoutException e) {
            return Optional.of("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (NoRouteToHostException e) {
            return Optional.of("no route to host");
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Something listens; is it Kafka, and does it let us in (the kafka.* security settings)? */
    private static void requireAnswer(final KafkaConnection kafka, final long deadline) {
        final int remaining = remainingMillis(deadline);
        final Admin admin;
        try {
            admin = Admin.create(kafka.clientConfig(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, remaining,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remaining)));
        } catch (KafkaException e) {
            throw new CliException("cannot make a Kafka client for " + kafka.bootstrapServers() + ": " + rootMessage(e));
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(remaining)).clusterId().get(remaining, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(kafka, e.getCause());
        } catch (TimeoutException e) {
            throw silent(kafka);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while reaching Kafka at " + kafka.bootstrapServers());
        } finally {
            // Don't wait for in-flight calls: the answer is known.
            admin.close(Duration.ZERO);
        }
    }

    private static CliException refused(final KafkaConnection kafka, final Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return silent(kafka);
        }
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            return new CliException("Kafka at " + kafka.bootstrapServers() + " refused us: " + rootMessage(cause)
                    + "; check the kafka.* security settings of --config");
        }
        return new CliException("Kafka at " + kafka.bootstrapServers() + " failed: " + rootMessage(cause) + "; " + HOW_TO_SET);
    }

    private static CliException silent(final KafkaConnection kafka) {
        return new CliException("no Kafka answer from " + kafka.bootstrapServers() + " within " + TIMEOUT.toSeconds()
                + " s (is it a Kafka listener, and do the kafka.* security settings of --config match it?); " + HOW_TO_SET);
    }

    private static int remainingMillis(final long deadline) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static String rootMessage(final Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
