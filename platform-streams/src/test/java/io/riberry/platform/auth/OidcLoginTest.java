package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's sign-in, round trip through a real (test) issuer: authorization endpoint, token endpoint, keys. */
class OidcLoginTest {

    private static final byte[] KEY = "the replicas' shared secret, 32+ bytes".getBytes(StandardCharsets.UTF_8);
    private static final String REDIRECT = "https://riberry.example.com/login/callback";

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final SessionCookies sessions = new SessionCookies(KEY, Duration.ofHours(8), Clock.systemUTC());
    private TestOidcIssuer issuer;
    private OidcLogin login;

    @BeforeEach
    void start() throws IOException {
        issuer = new TestOidcIssuer();
        login = loginWith(Map.of(PlatformConfig.AUTH_OIDC_REDIRECT_URL, REDIRECT));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private OidcLogin loginWith(final Map<String, String> extra) {
        final Map<String, String> values = new HashMap<>(Map.of(PlatformConfig.AUTH_OIDC_ISSUER, issuer.url(),
                PlatformConfig.AUTH_OIDC_AUDIENCE, "riberry-api", PlatformConfig.AUTH_OIDC_CLIENT_ID, TestOidcIssuer.CLIENT_ID,
                PlatformConfig.AUTH_OIDC_CLIENT_SECRET, TestOidcIssuer.CLIENT_SECRET, PlatformConfig.AUTH_OIDC_ADMIN_GROUP, "riberry-admins"));
        values.putAll(extra);
        return new OidcLogin(new OidcIssuer(OidcSettings.from(values)), sessions, KEY, Clock.systemUTC());
    }

    private static ApiRequest get(final String path, final Map<String, String> query, final Map<String, String> headers) {
        return new ApiRequest("GET", path, null, Map.of(), query, headers, new byte[0], null);
    }

    /** The cookie's name=value, as a browser would send it back. */
    private static String cookiePair(final String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** Follows the start's redirect to the issuer, which signs the user in and redirects back: the callback's query. */
    private Map<String, String> signInAtIssuer(final ApiResponse started) throws IOException, InterruptedException {
        assertThat(started.status()).isEqualTo(302);
        final HttpResponse<String> atIssuer = browser.send(HttpRequest.newBuilder(URI.create(started.headers().get("Location"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atIssuer.statusCode()).as(atIssuer.body()).isEqualTo(302);
        final String back = atIssuer.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith(REDIRECT + "?");
        return TestOidcIssuer.queryOf(back);
    }

    @Test
    void shouldSignInThroughTheIssuerAndOpenASession() throws Exception {
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of("host", "ignored.example.com")));
        final Map<String, String> authorization = TestOidcIssuer.queryOf(started.headers().get("Location"));
        assertThat(authorization).containsEntry("response_type", "code").containsEntry("client_id", TestOidcIssuer.CLIENT_ID)
                .containsEntry("redirect_uri", REDIRECT).containsEntry("scope", "openid profile")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
        assertThat(started.headers().get("Set-Cookie")).startsWith(OidcFlowCookie.NAME + "=")
                .contains("Path=/login/callback", "Max-Age=600", "HttpOnly", "SameSite=Lax", "Secure");

        final Map<String, String> callback = signInAtIssuer(started);
        final ApiResponse finished = login.callback(get(OidcLogin.CALLBACK_PATH, callback,
                Map.of("cookie", "other=1; " + cookiePair(started.headers().get("Set-Cookie")))));

        assertThat(finished.status()).isEqualTo(302);
        assertThat(finished.headers()).containsEntry("Location", "/");
        final String session = finished.headers().get("Set-Cookie");
        assertThat(session).startsWith(SessionCookies.NAME + "=").contains("HttpOnly", "SameSite=Lax", "Secure");
        assertThat(sessions.read(cookiePair(session)).orElseThrow().principal())
                .isEqualTo(new Principal("alice", Set.of("analysts", "riberry-admins"), true, "oidc"));
        assertThat(sessions.read(cookiePair(session)).orElseThrow().tokenId()).isEmpty();
    }

    @Test
    void shouldEndTheSessionWhenTheIdTokenExpiresIfThatIsSooner() throws Exception {
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of()));
        final ApiResponse finished = login.callback(get(OidcLogin.CALLBACK_PATH, signInAtIssuer(started),
                Map.of("cookie", cookiePair(started.headers().get("Set-Cookie")))));

        final SessionCookies.Session session = sessions.read(cookiePair(finished.headers().get("Set-Cookie"))).orElseThrow();
        // The test issuer's ID tokens live five minutes; the session lifetime is eight hours.
        assertThat(session.expiresAt()).isBefore(java.time.Instant.now().plus(Duration.ofMinutes(6)));
    }

    @Test
    void shouldRefuseACallbackWhoseStateIsNotTheBrowsersSignIn() throws Exception {
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of()));
        final Map<String, String> callback = new HashMap<>(signInAtIssuer(started));
        callback.put("state", "an-attackers-state");

        assertThatThrownBy(() -> login.callback(get(OidcLogin.CALLBACK_PATH, callback,
                Map.of("cookie", cookiePair(started.headers().get("Set-Cookie"))))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("state is not this browser's sign-in");
    }

    @Test
    void shouldRefuseACallbackWithoutTheFlowCookieOrWithATamperedOne() throws Exception {
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of()));
        final Map<String, String> callback = signInAtIssuer(started);
        final String pair = cookiePair(started.headers().get("Set-Cookie"));
        final String tampered = pair.substring(0, pair.length() - 2) + (pair.endsWith("AA") ? "BB" : "AA");

        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("cookie", tampered))) {
            assertThatThrownBy(() -> login.callback(get(OidcLogin.CALLBACK_PATH, callback, headers)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("has expired or began in another browser");
        }
    }

    @Test
    void shouldRefuseAnIdTokenWhoseNonceIsNotThisSignIns() throws Exception {
        issuer.nonceOverride = "a-replayed-nonce";
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of()));
        final Map<String, String> callback = signInAtIssuer(started);

        assertThatThrownBy(() -> login.callback(get(OidcLogin.CALLBACK_PATH, callback,
                Map.of("cookie", cookiePair(started.headers().get("Set-Cookie"))))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("the ID token was refused: the token's nonce is not this sign-in's");
    }

    @Test
    void shouldRefuseACodeTheIssuerDoesNotKnowWithoutEchoingIt() throws Exception {
        final ApiResponse started = login.start(get(OidcLogin.START_PATH, Map.of(), Map.of()));
        final Map<String, String> callback = new HashMap<>(signInAtIssuer(started));
        callback.put("code", "stolen-or-made-up-code");

        assertThatThrownBy(() -> login.callback(get(OidcLogin.CALLBACK_PATH, callback,
                Map.of("cookie", cookiePair(started.headers().get("Set-Cookie"))))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("the issuer refused the sign-in's code (invalid_grant)");
    }

    @Test
    void shouldReportTheIssuersRefusalToSignIn() {
        assertThatThrownBy(() -> login.callback(get(OidcLogin.CALLBACK_PATH, Map.of("error", "access_denied", "state", "x"), Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("the issuer did not sign you in (access_denied)");
    }

    @Test
    void shouldDeriveTheRedirectFromAPlainHostOnlyWhenNoneIsConfigured() {
        final OidcLogin derived = loginWith(Map.of());

        final ApiResponse behindProxy = derived.start(get(OidcLogin.START_PATH, Map.of(),
                Map.of("host", "riberry.internal:8080", "x-forwarded-proto", "https")));
        assertThat(TestOidcIssuer.queryOf(behindProxy.headers().get("Location")))
                .containsEntry("redirect_uri", "https://riberry.internal:8080/login/callback");
        final ApiResponse plain = derived.start(get(OidcLogin.START_PATH, Map.of(), Map.of("host", "localhost:8080")));
        assertThat(plain.headers().get("Set-Cookie")).doesNotContain("Secure");

        assertThatThrownBy(() -> derived.start(get(OidcLogin.START_PATH, Map.of(), Map.of("host", "evil.example.com/phish?"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
