package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one client of the OIDC issuer: its discovery document, its signing keys (JWKS) and its token
 * endpoint. Everything is fetched when first needed, not at start, so a platform starts while the
 * issuer is down; a successful discovery is kept, a failed one is tried again on the next request.
 * Every call is bounded by the settings' timeout, so a slow issuer costs a request seconds, not a thread.
 */
public final class OidcIssuer {

    /** Discovery documents, key sets and token answers are a few KiB; more is not an issuer's answer. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Keys are fetched again after this long, and at once for a key id not in the cache (rate limited below). */
    private static final long KEYS_TIME_TO_LIVE_MS = 5 * 60_000L;
    /** At most one forced refresh per this interval (nimbus allows a second one within it): a flood of made-up key ids cannot flood the issuer. */
    private static final long KEYS_MIN_REFRESH_INTERVAL_MS = 30_000L;

    /** What the sign-in and the key source need from the discovery document. */
    public record Discovery(String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
    }

    /** The issuer could not be reached or answered nonsense: a reason to try again later, not a bad credential. */
    public static final class UnavailableException extends Exception {
        UnavailableException(final String message) {
            super(message, null, false, false);
        }
    }

    private final OidcSettings settings;
    private final HttpClient http;
    private volatile Discovery discovery;
    private volatile JWKSource<SecurityContext> keys;

    public OidcIssuer(final OidcSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("no OIDC issuer is configured");
        }
        this.settings = settings;
        // Redirects are not followed: an issuer's endpoints answer directly, and a redirect could lead the client anywhere.
        this.http = HttpClient.newBuilder().connectTimeout(settings.httpTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public OidcSettings settings() {
        return settings;
    }

    /** The issuer's discovery document ({@code <issuer>/.well-known/openid-configuration}). */
    public Discovery discovery() throws UnavailableException {
        final Discovery known = discovery;
        if (known != null) {
            return known;
        }
        final String url = settings.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        final JsonNode document = getJson(url, "discovery document");
        // OIDC Discovery 4.3: the document must name the issuer it came from, or it is another issuer's.
        if (!settings.issuer().equals(document.path("issuer").asText())) {
            throw new UnavailableException("the issuer's discovery document names another issuer");
        }
        final Discovery fetched = new Discovery(document.path("authorization_endpoint").asText(""),
                document.path("token_endpoint").asText(""), document.path("jwks_uri").asText(""));
        discovery = fetched;
        return fetched;
    }

    /** The issuer's signing keys, cached; the source refetches for an unknown key id. */
    public JWKSource<SecurityContext> keys() throws UnavailableException {
        final JWKSource<SecurityContext> known = keys;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (keys == null) {
                final String url = settings.jwksUrl().isEmpty() ? requireEndpoint(discovery().jwksUri(), "jwks_uri") : settings.jwksUrl();
                final int timeoutMs = (int) settings.httpTimeout().toMillis();
                keys = JWKSourceBuilder.<SecurityContext>create(toUrl(url), new DefaultResourceRetriever(timeoutMs, timeoutMs, MAX_ANSWER_BYTES))
                        .cache(KEYS_TIME_TO_LIVE_MS, timeoutMs)
                        .rateLimited(KEYS_MIN_REFRESH_INTERVAL_MS)
                        .refreshAheadCache(false)
                        .retrying(false)
                        .outageTolerant(false)
                        .build();
            }
            return keys;
        }
    }

    /** POSTs a form to the token endpoint and reads its JSON answer, whatever its status (the caller reads {@code error}). */
    JsonNode postToken(final String formBody, final String basicAuthorization) throws UnavailableException {
        final String endpoint = requireEndpoint(discovery().tokenEndpoint(), "token_endpoint");
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(settings.httpTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
        if (basicAuthorization != null) {
            request.header("Authorization", basicAuthorization);
        }
        return send(request.build(), "token endpoint", true);
    }

    static String requireEndpoint(final String url, final String name) throws UnavailableException {
        if (url == null || url.isEmpty()) {
            throw new UnavailableException("the issuer's discovery document has no " + name);
        }
        return url;
    }

    private JsonNode getJson(final String url, final String what) throws UnavailableException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.httpTimeout())
                .header("Accept", "application/json").GET().build();
        return send(request, what, false);
    }

    private JsonNode send(final HttpRequest request, final String what, final boolean anyStatus) throws UnavailableException {
        final Future<HttpResponse<byte[]>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        final HttpResponse<byte[]> answer;
        try {
            // The request timeout covers the wait for the headers; this one covers the body too.
            answer = pending.get(2 * settings.httpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new UnavailableException("the issuer's " + what + " did not answer within " + settings.httpTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new UnavailableException("the issuer's " + what + " did not answer within " + settings.httpTimeout().toMillis() + " ms");
            }
            throw new UnavailableException("the issuer's " + what + " cannot be reached (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while calling the issuer's " + what);
        }
        if (!anyStatus && answer.statusCode() != 200) {
            throw new UnavailableException("the issuer's " + what + " answered HTTP " + answer.statusCode());
        }
        if (answer.body().length > MAX_ANSWER_BYTES) {
            throw new UnavailableException("the issuer's " + what + " answered more than " + MAX_ANSWER_BYTES + " bytes");
        }
        try {
            final JsonNode body = Json.MAPPER.readTree(answer.body());
            if (body == null || !body.isObject()) {
                throw new UnavailableException("the issuer's " + what + " did not answer a JSON object (HTTP " + answer.statusCode() + ")");
            }
            return body;
        } catch (IOException e) {
            throw new UnavailableException("the issuer's " + what + " did not answer JSON (HTTP " + answer.statusCode() + ")");
        }
    }

    private static URL toUrl(final String url) throws UnavailableException {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new UnavailableException("the issuer's key set URL is not a URL");
        }
    }
}
