package io.riberry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadGroupsTest {

    @Test
    void shouldGroupThreadNamesByWhoMadeThemAndCountNamesThatDifferOnlyByNumbers() {
        final ThreadGroups groups = ThreadGroups.of(List.of("riberry-dispatch-demo-bench", "riberry-task-1", "riberry-task-2",
                "kafka-producer-network-thread | producer-1", "kafka-producer-network-thread | producer-2",
                "Reference Handler", "RMI TCP Accept-0", "JMX server connection timeout 31", "main", "HttpClient-1-Worker-0"));

        assertThat(groups.counts()).isEqualTo("riberry-* 3, kafka-* 2, other 2, JVM 1, JMX agent (the probe) 2");
        assertThat(groups.total()).isEqualTo(10);
        assertThat(groups.names(ThreadGroups.RIBERRY)).isEqualTo("riberry-dispatch-demo-bench, riberry-task-N x2");
        assertThat(groups.names(ThreadGroups.KAFKA)).isEqualTo("kafka-producer-network-thread | producer-N x2");
        assertThat(groups.names(ThreadGroups.OTHER)).isEqualTo("HttpClient-N-Worker-N, main");
    }
}
