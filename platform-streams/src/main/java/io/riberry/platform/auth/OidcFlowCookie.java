package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    /** What the callback checks the issuer's answer against. */
    public record Flow(String state, String nonce, String codeVerifier, String redirectUri) {
    }

    private final byte[] key;
    private final Clock clock;

    public OidcFlowCookie(final byte[] key, final Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** The {@code Set-Cookie} value carrying {@code flow} for {@link #LIFETIME}. */
    public String open(final Flow flow, final boolean secure) {
        final ObjectNode body = Json.MAPPER.createObjectNode().put("state", flow.state()).put("nonce", flow.nonce())
                .put("verifier", flow.codeVerifier()).put("redirect", flow.redirectUri())
                .put("exp", clock.instant().plus(LIFETIME).toEpochMilli());
        final String payload;
        try {
            payload = ENCODE.encodeToString(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a sign-in", e);
        }
        return NAME + "=" + payload + "." + sign(payload) + "; Path=" + PATH + "; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that removes the flow cookie from the browser. */
    public static String clear(final boolean secure) {
        return NAME + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The flow a {@code Cookie} header carries, if it carries a valid, unexpired one. */
    public Optional<Flow> read(final String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 16 * MAX_COOKIE_CHARS) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            final String trimmed = cookie.trim();
            if (trimmed.startsWith(NAME + "=")) {
                return verify(trimmed.substring(NAME.length() + 1));
            }
        }
        return Optional.empty();
    }

    private Optional<Flow> verify(final String value) {
        final int dot = value.indexOf('.');
        if (dot < 0 || value.length() > MAX_COOKIE_CHARS) {
            return Optional.empty();
        }
        final String payload = value.substring(0, dot);
        final byte[] presented = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            final JsonNode body = Json.MAPPER.readTree(DECODE.decode(payload));
            if (!clock.instant().isBefore(Instant.ofEpochMilli(body.path("exp").asLong(0)))) {
                return Optional.empty();
            }
            return Optional.of(new Flow(body.path("state").asText(), body.path("nonce").asText(),
                    body.path("verifier").asText(), body.path("redirect").asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(final String payload) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODE.encodeToString(mac.doFinal(("oidc-flow:" + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
