package io.riberry.platform.dev;

import io.riberry.kafka.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) inside this JVM, for {@code riberry
 * dev} and the integration tests. Its data stays under {@code dataDir}: started again on the same
 * directory it keeps every topic, with the same cluster id and controller port.
 *
 * <p>{@link #start(Path, int)} is the broker of {@code riberry dev}: one PLAINTEXT listener.
 * {@link #builder(Path)} adds what a secured cluster has, for tests that prove every client passes
 * its {@code kafka.*} settings: a SASL/PLAIN listener, a SASL_SSL listener with SCRAM-SHA-512 users,
 * and the standard ACL authorizer.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LAYOUT_FILE = "riberry-broker.properties";
    private static final String HOST = "127.0.0.1";

    private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final Path dataDir;
    private final Map<String, String> saslUsers;
    private final TlsKeystore scramTls;
    private final Map<String, String> scramUsers;
    private final List<String> superUsers;
    private int port;
    private int saslPort;
    private int scramPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(final Builder builder) {
        this.dataDir = builder.dataDir;
        this.port = builder.port;
        this.saslUsers = Map.copyOf(builder.saslPlainUsers);
        this.scramTls = builder.scramTls;
        this.scramUsers = Map.copyOf(builder.scramUsers);
        this.superUsers = builder.superUsers == null ? null : List.copyOf(builder.superUsers);
    }

    /** A broker keeping its data under {@code dataDir}, with the listeners and security the builder is given. */
    public static Builder builder(final Path dataDir) {
        return new Builder(dataDir);
    }

    /** Starts a broker on {@code port} (0 = any free port) keeping its data under {@code dataDir}. */
    public static EmbeddedKafkaBroker start(final Path dataDir, final int port) {
        return builder(dataDir).port(port).start();
    }

    /**
     * The same, with a second listener that admits only clients authenticated by SASL/PLAIN as one
     * of {@code users} (name to password): a cluster as secured deployments have them, to show every
     * client of Riberry passes its security settings. An empty map means no such listener.
     */
    public static EmbeddedKafkaBroker start(final Path dataDir, final int port, final Map<String, String> users) {
        return builder(dataDir).port(port).saslPlainUsers(users).start();
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The SASL_PLAINTEXT listener's address; only with users. */
    public String saslBootstrapServers() {
        if (saslUsers.isEmpty()) {
            throw new IllegalStateException("This broker has no SASL listener");
        }
        return HOST + ":" + saslPort;
    }

    /** The SASL_SSL (SCRAM-SHA-512) listener's address; only with {@link Builder#scramOverTls}. */
    public String scramBootstrapServers() {
        if (scramTls == null) {
            throw new IllegalStateException("This broker has no SASL_SSL listener");
        }
        return HOST + ":" + scramPort;
    }

    public int port() {
        return port;
    }

    private void startServer() {
        try {
            Files.createDirectories(dataDir);
            final Properties layout = loadOrCreateLayout();
            final int controllerPort = Integer.parseInt(layout.getProperty("controller.port"));
            // Chosen after the controller's port, which a data directory keeps for good, so the two never collide.
            if (port == 0) {
                while (port == 0 || port == controllerPort) {
                    port = freePort();
                }
            } else if (port == controllerPort) {
                throw new IllegalStateException("Port " + port + " is the controller port of " + dataDir + "; choose another Kafka port");
            }
            if (!saslUsers.isEmpty()) {
                while (saslPort == 0 || saslPort == controllerPort || saslPort == port) {
                    saslPort = freePort();
                }
            }
            if (scramTls != null) {
                while (scramPort == 0 || scramPort == controllerPort || scramPort == port || scramPort == saslPort) {
                    scramPort = freePort();
                }
            }
            final Properties props = serverProperties(controllerPort);
            final Path logDir = dataDir.resolve("kafka-logs");
            final boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            if (!formatted) {
                format(props, layout.getProperty("cluster.id"));
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            LOG.info("Embedded Kafka broker listening on {} (data in {})", bootstrapServers(), dataDir);
            if (formatted) {
                // Also after a clean stop: a hanging transaction, once left, outlives any number of restarts.
                abortHangingTransactions();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the broker's data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Before any client connects: see {@link HangingTransactions} for how a crash leaves them. */
    private void abortHangingTransactions() {
        try {
            final List<AbortTransactionSpec> aborted = HangingTransactions.abortAll(KafkaConnection.to(bootstrapServers()));
            if (!aborted.isEmpty()) {
                LOG.warn("Aborted {} hanging transaction(s), left open by a restart after a crash, so readers can pass them: {}",
                        aborted.size(), aborted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for hanging transactions; if the platform stays REBALANCING with 'unstable offsets', "
                    + "stop it and start it again: {}", e.getMessage(), e);
        }
    }

    /** The cluster id and controller port must survive restarts: the formatted log directory records both. */
    private Properties loadOrCreateLayout() throws IOException {
        final Path file = dataDir.resolve(LAYOUT_FILE);
        final Properties layout = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                layout.load(in);
            }
            return layout;
        }
        layout.setProperty("cluster.id", Uuid.randomUuid().toString());
        layout.setProperty("controller.port", Integer.toString(freePort()));
        try (OutputStream out = Files.newOutputStream(file)) {
            layout.store(out, "Embedded broker layout; delete the whole data directory to start afresh");
        }
        return layout;
    }

    private Properties serverProperties(final int controllerPort) {
        final Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        if (!saslUsers.isEmpty()) {
            addSaslListener(props);
        }
        if (scramTls != null) {
            addScramTlsListener(props);
        }
        if (superUsers != null) {
            props.setProperty("authorizer.class.name", STANDARD_AUTHORIZER);
            // The broker's own requests to its controller (registration, heartbeats) travel over the
            // PLAINTEXT and CONTROLLER listeners, where every peer is User:ANONYMOUS, and the
            // authorizer checks them too. Both listeners are bound to loopback: clients of a secured
            // broker are given the SASL addresses.
            final List<String> supers = new ArrayList<>(superUsers);
            supers.add("User:ANONYMOUS");
            props.setProperty("super.users", String.join(";", supers));
        }
        props.setProperty("log.dirs", dataDir.resolve("kafka-logs").toString());
        props.setProperty("metadata.log.dir", dataDir.resolve("kafka-metadata").toString());
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "4");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "4");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted controller still holds the dead incarnation's registration
        // and refuses the new one (DUPLICATE_BROKER_REGISTRATION) until that session expires,
        // counted from the controller's activation; the broker retries every heartbeat interval.
        // With the defaults (9 s, 2 s) that wait was ~10 s of a ~24 s crash restart. Broker and
        // controller share this process, so heartbeats travel over loopback: 4 s is still 8
        // missed heartbeats before a live broker could be fenced by a stalled JVM.
        props.setProperty("broker.session.timeout.ms", "4000");
        props.setProperty("broker.heartbeat.interval.ms", "500");
        props.setProperty("num.partitions", "4");
        props.setProperty("default.replication.factor", "1");
        // The 128 MiB default dedupe buffer is wasted heap for a laptop-sized broker.
        props.setProperty("log.cleaner.dedupe.buffer.size", "4194304");
        props.setProperty("auto.create.topics.enable", "true");
        return props;
    }

    /** A SASL_PLAINTEXT listener named SASL, PLAIN mechanism, with the users in its JAAS section. */
    private void addSaslListener(final Properties props) {
        props.setProperty("listeners", props.getProperty("listeners") + ",SASL://" + HOST + ":" + saslPort);
        props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + ",SASL://" + HOST + ":" + saslPort);
        props.setProperty("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SASL:SASL_PLAINTEXT");
        props.setProperty("sasl.enabled.mechanisms", "PLAIN");
        final StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        props.setProperty("listener.name.sasl.plain.sasl.jaas.config", jaas.append(';').toString());
    }

    /**
     * A SASL_SSL listener named SECURE: TLS with the broker's key and certificate, then SCRAM-SHA-512,
     * whose users are stored in the cluster metadata (see {@link #format}). Its settings are scoped
     * to the listener, so the PLAIN listener keeps its own mechanism.
     */
    private void addScramTlsListener(final Properties props) {
        props.setProperty("listeners", props.getProperty("listeners") + ",SECURE://" + HOST + ":" + scramPort);
        props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + ",SECURE://" + HOST + ":" + scramPort);
        props.setProperty("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SECURE:SASL_SSL");
        props.setProperty("listener.name.secure.sasl.enabled.mechanisms", SCRAM_MECHANISM);
        props.setProperty("listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.setProperty("listener.name.secure.ssl.keystore.type", "PKCS12");
        props.setProperty("listener.name.secure.ssl.keystore.location", scramTls.location().toString());
        props.setProperty("listener.name.secure.ssl.keystore.password", scramTls.password());
        props.setProperty("listener.name.secure.ssl.key.password", scramTls.password());
    }

    private void format(final Properties props, final String clusterId) throws IOException {
        final Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written for kafka-storage format");
        }
        final List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", configFile.toString(), "--standalone"));
        // SCRAM credentials live in the cluster metadata; written at format time, they are there before any client connects.
        scramUsers.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final int exit = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("Formatting the broker storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + HOST, e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
        }
    }

    /** The broker's key and certificate (with its chain) in a PKCS12 keystore, key and store under one password. */
    public record TlsKeystore(Path location, String password) {
        public TlsKeystore {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(password, "password");
        }
    }

    /** What the broker listens on besides PLAINTEXT, and who may do what. */
    public static final class Builder {
        private static final Pattern SCRAM_SAFE = Pattern.compile("[A-Za-z0-9._-]+");
        private final Path dataDir;
        private int port;
        private Map<String, String> saslPlainUsers = Map.of();
        private TlsKeystore scramTls;
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private List<String> superUsers;

        private Builder(final Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The PLAINTEXT port (0, the default, is any free port). */
        public Builder port(final int port) {
            this.port = port;
            return this;
        }

        /**
         * A SASL_PLAINTEXT listener admitting only clients authenticated by SASL/PLAIN as one of
         * {@code users} (name to password). An empty map means no such listener.
         */
        public Builder saslPlainUsers(final Map<String, String> users) {
            this.saslPlainUsers = Map.copyOf(users);
            return this;
        }

        /** A SASL_SSL listener: TLS with {@code keystore}, then SCRAM-SHA-512 as one of the {@link #scramUser} users. */
        public Builder scramOverTls(final TlsKeystore keystore) {
            this.scramTls = Objects.requireNonNull(keystore, "keystore");
            return this;
        }

        /**
         * A SCRAM-SHA-512 user, stored when the data directory is formatted (its first start; a
         * broker started again on it keeps the users it had). Names and passwords are kept to
         * letters, digits, dots, dashes and underscores: the storage tool's argument syntax has no escapes.
         */
        public Builder scramUser(final String user, final String password) {
            if (!SCRAM_SAFE.matcher(user).matches() || !SCRAM_SAFE.matcher(password).matches()) {
                throw new IllegalArgumentException("SCRAM user names and passwords must match " + SCRAM_SAFE.pattern());
            }
            scramUsers.put(user, password);
            return this;
        }

        /**
         * The standard ACL authorizer of KRaft ({@code StandardAuthorizer}): nothing is allowed
         * without an ACL, except to {@code superUsers} ({@code User:admin}...).
         */
        public Builder standardAuthorizer(final String... superUsers) {
            this.superUsers = List.of(superUsers);
            return this;
        }

        public EmbeddedKafkaBroker start() {
            if (!scramUsers.isEmpty() && scramTls == null) {
                throw new IllegalStateException("SCRAM users need the SASL_SSL listener: call scramOverTls(...)");
            }
            final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(this);
            broker.startServer();
            return broker;
        }
    }
}
