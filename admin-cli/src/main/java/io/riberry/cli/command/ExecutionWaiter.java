package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.platform.client.ApiClient;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls an execution until it is SUCCESS or FAILURE. A 404 or 503 is "not yet": the job may still be on its way in. */
final class ExecutionWaiter {

    private static final Duration POLL = Duration.ofMillis(100);

    private final ApiClient api;
    private final Duration timeout;

    ExecutionWaiter(final ApiClient api, final Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    JsonNode awaitEnd(final String executionId) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final ApiClient.Answer answer = api.get("/executions/" + executionId);
            if (answer.status() == 200) {
                final String status = answer.body().path("status").asText();
                if ("SUCCESS".equals(status) || "FAILURE".equals(status)) {
                    return answer.body();
                }
            } else if (answer.status() != 404 && answer.status() != 503) {
                ApiErrors.require(answer);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new CliException("execution " + executionId + " did not end within " + timeout);
    }
}
