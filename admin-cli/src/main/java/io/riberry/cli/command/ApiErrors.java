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
        throw failure(answer.status(), message);
    }

    /** The one line for an error answer; a 401 or 403 says what to do about the credentials (never showing them). */
    static CliException failure(final int status, final String message) {
        if (status == 401) {
            return new CliException("the API refused the credentials (401): " + message
                    + "; pass --token, set RIBERRY_TOKEN, or set token in the --config file");
        }
        if (status == 403) {
            return new CliException("the API does not allow this with the credentials given (403): " + message);
        }
        return new CliException(message + " (HTTP " + status + ")");
    }
}
