package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.Gate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    private final Gate open = Authentication.disabled();

    @Test
    void shouldLetEveryoneInWhenAuthenticationIsOffButNoChangeFromAnotherSitesPage() {
        assertThat(open.admit(request("POST", Map.of())).administrator()).as("a script: no browser headers").isTrue();
        assertThat(open.admit(request("POST", Map.of("origin", "http://127.0.0.1:8080", "sec-fetch-site", "same-origin"))).administrator())
                .as("the dashboard's own page").isTrue();
        assertThat(open.admit(request("GET", Map.of("origin", "https://evil.example", "sec-fetch-site", "cross-site"))).administrator())
                .as("a read changes nothing").isTrue();
        for (Map<String, String> foreign : java.util.List.of(Map.of("origin", "https://evil.example"), Map.of("sec-fetch-site", "cross-site"),
                Map.of("sec-fetch-site", "same-site"), Map.of("origin", "null"))) {
            assertThatThrownBy(() -> open.admit(request("POST", foreign))).as(foreign.toString())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }

    private static ApiRequest request(final String method, final Map<String, String> browserHeaders) {
        final Map<String, String> headers = new HashMap<>(browserHeaders);
        headers.put("host", "127.0.0.1:8080");
        return new ApiRequest(method, "/jobs", null, Map.of(), Map.of(), headers, new byte[0], null);
    }
}
