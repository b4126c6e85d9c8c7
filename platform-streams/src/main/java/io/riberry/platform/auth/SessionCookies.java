package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's session: a cookie that says who signed in and until when, signed with the
 * replicas' shared secret so any replica accepts it without a session store. It never carries a
 * token, only the principal and, for a session opened with an API token, that token's id, so a
 * revoked token ends its sessions too. HttpOnly (no script reads it), SameSite=Lax (no other
 * site's form posts with it), Secure when served over HTTPS.
 */
public final class SessionCookies {

    public static final String NAME = "riberry_session";
    private static final int MAX_COOKIE_CHARS = 4096;

    /** A signed-in principal, with the API token it signed in with (empty for an OIDC sign-in). */
    public record Session(Principal principal, Optional<String> tokenId, Instant expiresAt) {
    }

    private final SignedCookie cookie;
    private final Duration lifetime;
    private final Clock clock;

    public SessionCookies(final byte[] key, final Duration lifetime, final Clock clock) {
        this.cookie = new SignedCookie(NAME, "session", key, MAX_COOKIE_CHARS);
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
        final long maxAge = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        return cookie.pair(body) + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends a session in the browser. */
    public static String close(final boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The session a {@code Cookie} header carries, if it carries a valid, unexpired one. */
    public Optional<Session> read(final String cookieHeader) {
        return cookie.read(cookieHeader, clock).map(body -> {
            final Set<String> groups = new HashSet<>();
            body.path("groups").forEach(group -> groups.add(group.asText()));
            final Principal principal = new Principal(body.path("sub").asText(), groups, body.path("admin").asBoolean(false),
                    body.path("via").asText("session"));
            final Optional<String> tokenId = body.hasNonNull("tid") ? Optional.of(body.get("tid").asText()) : Optional.empty();
            return new Session(principal, tokenId, Instant.ofEpochMilli(body.path("exp").asLong()));
        });
    }
}
