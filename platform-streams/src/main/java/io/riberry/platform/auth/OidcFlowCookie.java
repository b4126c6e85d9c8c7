package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A sign-in through the issuer between its start and its callback: state, nonce, PKCE verifier and
 * the redirect URI, in a cookie signed like {@link SessionCookies} (same key, another purpose in
 * the MAC, so neither cookie passes for the other). The browser carries it, so any replica can
 * finish a sign-in another began. Signed, not encrypted: it holds nothing the browser that started
 * the sign-in may not see; HttpOnly, SameSite=Lax (the issuer's redirect back is a top-level GET,
 * which Lax lets through), and sent only to the callback's path.
 */
public final class OidcFlowCookie {

    public static final String NAME = "riberry_oidc_flow";
    public static final String PATH = "/login/callback";
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_COOKIE_CHARS = 2048;

    /** What the callback checks the issuer's answer against. */
    public record Flow(String state, String nonce, String codeVerifier, String redirectUri) {
    }

    private final SignedCookie cookie;
    private final Clock clock;

    public OidcFlowCookie(final byte[] key, final Clock clock) {
        this.cookie = new SignedCookie(NAME, "oidc-flow", key, MAX_COOKIE_CHARS);
        this.clock = clock;
    }

    /** The {@code Set-Cookie} value carrying {@code flow} for {@link #LIFETIME}. */
    public String open(final Flow flow, final boolean secure) {
        final ObjectNode body = Json.MAPPER.createObjectNode().put("state", flow.state()).put("nonce", flow.nonce())
                .put("verifier", flow.codeVerifier()).put("redirect", flow.redirectUri())
                .put("exp", clock.instant().plus(LIFETIME).toEpochMilli());
        return cookie.pair(body) + "; Path=" + PATH + "; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that removes the flow cookie from the browser. */
    public static String clear(final boolean secure) {
        return NAME + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The flow a {@code Cookie} header carries, if it carries a valid, unexpired one. */
    public Optional<Flow> read(final String cookieHeader) {
        return cookie.read(cookieHeader, clock).map(body -> new Flow(body.path("state").asText(), body.path("nonce").asText(),
                body.path("verifier").asText(), body.path("redirect").asText()));
    }
}
