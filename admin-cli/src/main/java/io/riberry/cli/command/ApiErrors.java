package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.platform.client.ApiClient;
import java.util.ArrayList;
import java.util.List;

/** Turns an API error answer into the CLI's one-line failure. */
final class ApiErrors {

    private ApiErrors() {
    }

    static ApiClient.Answer require(final ApiClient.Answer answer) {
        if (answer.isSuccess()) {
            return answer;
        }
        final List<String> details = new ArrayList<>();
        for (JsonNode detail : answer.body().path("details")) {
            details.add(detail.asText());
        }
        final String message = details.isEmpty() ? answer.message() : String.join("; ", details);
        throw new CliException(message + " (HTTP " + answer.status() + ")");
    }
}
