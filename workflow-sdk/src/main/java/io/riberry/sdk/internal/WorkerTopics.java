package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A worker creates its instance's dispatch topic, so an instance works before anyone ran {@code riberry topics create}. */
public final class WorkerTopics {

    private WorkerTopics() {
    }

    public static void ensureDispatchTopic(final KafkaConnection kafka, final String topic, final int partitions) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create dispatch topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + topic, e);
        }
    }
}
