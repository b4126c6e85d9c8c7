package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.Json;
import org.junit.jupiter.api.Test;

/** What {@code executions watch} shows of an execution's API answers. */
class ExecutionsWatchViewTest {

    @Test
    void shouldShowDoneOfExpectedWithPercentAndEtaForADeclaredTotal() throws Exception {
        final JsonNode stream = Json.MAPPER.readTree("""
                {"stream": "customers", "status": "ACTIVE", "expectedTotal": 100,
                 "progress": {"queued": 40, "active": 8, "succeeded": 49, "failed": 3, "fallenBack": 3,
                              "percentComplete": 52.0, "etaMillis": 7200, "stepsPerSecond": 6.5}}""");

        assertThat(ExecutionsWatchCommand.streamLine(stream))
                .isEqualTo("[###############---------------] 52/100  52.0% ETA 8s  failed 3 (3 fell back)  ACTIVE");
    }

    @Test
    void shouldShowStepsAndARateButNoPercentWithoutADeclaredTotal() throws Exception {
        final JsonNode stream = Json.MAPPER.readTree("""
                {"stream": "sleep", "status": "ACTIVE", "expectedTotal": null,
                 "progress": {"queued": 0, "active": 1, "succeeded": 13, "failed": 0, "fallenBack": 0,
                              "percentComplete": null, "etaMillis": null, "stepsPerSecond": 1.0}}""");

        assertThat(ExecutionsWatchCommand.streamLine(stream)).isEqualTo("13 steps, 1.0/s  ACTIVE");
    }

    @Test
    void shouldShowTheExecutionsOnePercentageOnlyWhenItHasOne() throws Exception {
        final JsonNode declared = Json.MAPPER.readTree("""
                {"status": "ACTIVE", "progressMessage": "Scoring", "progress": {"percentComplete": 25.0}}""");
        final JsonNode undeclared = Json.MAPPER.readTree("""
                {"status": "ACTIVE", "progress": {"percentComplete": null}}""");

        assertThat(ExecutionsWatchCommand.render(declared, Json.MAPPER.createArrayNode())).isEqualTo("ACTIVE 25.0%  Scoring");
        assertThat(ExecutionsWatchCommand.render(undeclared, Json.MAPPER.createArrayNode())).isEqualTo("ACTIVE");
    }
}
