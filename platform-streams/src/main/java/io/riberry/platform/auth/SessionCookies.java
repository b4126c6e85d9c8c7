package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's session: a cookie that says who signed in and until when, signed with the
 * replicas' shared secret so any replica accepts it without a session store. It never carries a
 * token, only the principal and, for a session opened with an API token, that token's id, so a
 * revoked token ends its sessions too. HttpOnly (no script reads it), SameSite=Lax (no other
 * site's form posts with it), Secure when served over HTTPS.
 */
public final class SessionCookies {

    public static final String NAME = "riberry_session";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final int MAX_COOKIE_CHARS = 4096;

    /** A signed-in principal, with the API token it signed in with (empty for an OIDC sign-in). */
    public record Session(Principal principal, Optional<String> tokenId, Instant expiresAt) {
    }

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;

    public SessionCookies(final byte[] key, final Duration lifetime, final Clock clock) {
        this.key = key.clone();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * The {@code Set-Cookie} value opening a session for {@code principal}, ending at the earlier
     * of the session lifetime and {@code notAfter} (a token's expiry, an ID token's).
     */
    public String open(final Principal principal, final Optional<String> tokenId, final Optional<Instant> notAfter, final boolean secure) {
        Instant expiresAt = clock.instant().plus(lifetime);
        if (notAfter.isPresent() && notAfter.get().isBefore(expiresAt)) {
            expiresAt = notAfter.get();
        }
        final ObjectNode body = Json.MAPPER.createObjectNode()
                .put("sub", principal.subject()).put("admin", principal.administrator()).put("via", principal.via())
                .put("exp", expiresAt.toEpochMilli());
        final ArrayNode groups = body.putArray("groups");
        principal.groups().forEach(groups::add);
        tokenId.ifPresent(id -> body.put("tid", id));
        final String payload;
        try {
            payload = ENCODE.encodeToString(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a session", e);
        }
        final long maxAge = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        return NAME + "=" + payload + "." + sign(payload) + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends a session in the browser. */
    public static String close(final boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The session a {@code Cookie} header carries, if it carries a valid, unexpired one. */
    public Optional<Session> read(final String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 4 * MAX_COOKIE_CHARS) {
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

    private Optional<Session> verify(final String value) {
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
            final Instant expiresAt = Instant.ofEpochMilli(body.path("exp").asLong(0));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            final Set<String> groups = new HashSet<>();
            body.path("groups").forEach(group -> groups.add(group.asText()));
            final Principal principal = new Principal(body.path("sub").asText(), groups, body.path("admin").asBoolean(false),
                    body.path("via").asText("session"));
            final Optional<String> tokenId = body.hasNonNull("tid") ? Optional.of(body.get("tid").asText()) : Optional.empty();
            return Optional.of(new Session(principal, tokenId, expiresAt));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(final String payload) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODE.encodeToString(mac.doFinal(("session:" + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
