package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.cli.CliException;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.http.Json;
import org.junit.jupiter.api.Test;

/** The one line an API refusal becomes. */
class ApiErrorsTest {

    @Test
    void shouldTellHowToGiveCredentialsWhenTheApiRefusesThem() {
        final ApiClient.Answer refused = new ApiClient.Answer(401, Json.MAPPER.createObjectNode().put("message", "a token is required"));

        assertThatThrownBy(() -> ApiErrors.require(refused))
                .isInstanceOf(CliException.class)
                .hasMessage("the API refused the credentials (401): a token is required; pass --token, set RIBERRY_TOKEN,"
                        + " or set token in the --config file");
    }

    @Test
    void shouldSayTheCredentialsDoNotAllowAForbiddenRequest() {
        final ApiClient.Answer forbidden = new ApiClient.Answer(403, Json.MAPPER.createObjectNode().put("message", "needs role admin"));

        assertThatThrownBy(() -> ApiErrors.require(forbidden))
                .hasMessage("the API does not allow this with the credentials given (403): needs role admin");
    }

    @Test
    void shouldKeepOtherErrorsAsTheyWere() {
        final ApiClient.Answer missing = new ApiClient.Answer(404, Json.MAPPER.createObjectNode().put("message", "no such execution"));

        assertThatThrownBy(() -> ApiErrors.require(missing)).hasMessage("no such execution (HTTP 404)");
    }
}
