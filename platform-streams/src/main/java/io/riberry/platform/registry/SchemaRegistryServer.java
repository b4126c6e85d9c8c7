package io.riberry.platform.registry;

import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.http.Gate;
import io.riberry.platform.http.JsonHttpServer;

/** A Confluent-compatible schema registry served over HTTP, backed by the {@code _schemas} topic. */
public final class SchemaRegistryServer implements AutoCloseable {

    private final SchemaLog log;
    private final JsonHttpServer http;
    private final String host;

    private SchemaRegistryServer(final SchemaLog log, final JsonHttpServer http, final String host) {
        this.log = log;
        this.http = http;
        this.host = host;
    }

    /** Replays the log, then serves on {@code host:port} (0 = any free port). */
    public static SchemaRegistryServer start(final String bootstrapServers, final String host, final int port, final Gate writes) {
        return start(KafkaConnection.to(bootstrapServers), host, port, writes);
    }

    /**
     * Serves a registry on {@code host:port} backed by the {@code _schemas} topic of {@code kafka}'s
     * cluster. Reads are open (Confluent clients read without credentials); registering a schema is
     * answered only for a caller {@code writes} admits.
     */
    public static SchemaRegistryServer start(final KafkaConnection kafka, final String host, final int port, final Gate writes) {
        final SchemaLog log = SchemaLog.open(kafka);
        try {
            final JsonHttpServer http = JsonHttpServer.start("schema-registry", host, port, 4)
                    .serve("", new RegistryRoutes(log).router(), RegistryRoutes::errorBody, RegistryRoutes.CONTENT_TYPE, writes);
            return new SchemaRegistryServer(log, http, host);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public String url() {
        return "http://" + host + ":" + http.port();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        log.close();
    }
}
