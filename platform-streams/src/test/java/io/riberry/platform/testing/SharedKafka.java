package io.riberry.platform.testing;

import io.riberry.platform.auth.Authentication;
import io.riberry.platform.dev.EmbeddedKafkaBroker;
import io.riberry.platform.registry.SchemaRegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real KRaft broker and one schema registry for every integration test of a JVM: started by
 * the first test class that asks, closed when the test run ends. Tests isolate themselves with
 * their own topic prefix and application id.
 */
public final class SharedKafka implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

    @Override
    public void beforeAll(final ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Resources.class, k -> Resources.start(), Resources.class);
    }

    public static String bootstrapServers() {
        return Resources.current().broker.bootstrapServers();
    }

    public static String registryUrl() {
        return Resources.current().registry.url();
    }

    static final class Resources implements AutoCloseable {
        private static volatile Resources current;
        private final EmbeddedKafkaBroker broker;
        private final SchemaRegistryServer registry;

        private Resources(final EmbeddedKafkaBroker broker, final SchemaRegistryServer registry) {
            this.broker = broker;
            this.registry = registry;
        }

        static Resources start() {
            try {
                final Path dataDir = Files.createTempDirectory("riberry-it-kafka");
                final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
                current = new Resources(broker, SchemaRegistryServer.start(broker.bootstrapServers(), "127.0.0.1", 0, Authentication.disabled()));
                return current;
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create the broker's data directory", e);
            }
        }

        static Resources current() {
            if (current == null) {
                throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedKafka.class)");
            }
            return current;
        }

        @Override
        public void close() {
            registry.close();
            broker.close();
            current = null;
        }
    }
}
