package io.riberry.platform.auth;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.Gate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * How replicas of one system know each other: the shared {@code auth.replica.secret}. A replica
 * presents it as a bearer token on the internal path (where one replica asks another for what its
 * stores hold, for a caller the asking replica already admitted) and to the embedded schema
 * registry; it also keys the dashboard's session cookies. Without a configured secret each process
 * makes a random one: a lone replica works, several cannot vouch for each other.
 */
public final class ReplicaCredential implements Authenticator {

    public static final String PREFIX = "rbr_";
    static final Principal REPLICA = new Principal("riberry-replica", Set.of(), true, "replica");

    private final String token;
    private final boolean configured;

    private ReplicaCredential(final String token, final boolean configured) {
        this.token = token;
        this.configured = configured;
    }

    /** From {@code auth.replica.secret}, or a random one when it is empty. */
    public static ReplicaCredential of(final String configuredSecret) {
        if (configuredSecret == null || configuredSecret.isBlank()) {
            final byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new ReplicaCredential(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random), false);
        }
        return new ReplicaCredential(PREFIX + configuredSecret.trim(), true);
    }

    public boolean configured() {
        return configured;
    }

    /** The bearer token this replica presents; never log it. */
    public String bearerToken() {
        return token;
    }

    /** Key material for signing sessions, distinct from the token itself. */
    public byte[] sessionKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("riberry-session:" + token).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public Optional<Principal> authenticate(final String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthenticationException("the replica credential is not this system's (is auth.replica.secret the same on every replica?)");
        }
        return Optional.of(REPLICA);
    }

    /** The internal path's gate: only replicas of this system, never a user's token. */
    public Gate gate() {
        return request -> {
            final String authorization = request.header("authorization")
                    .orElseThrow(() -> ApiException.unauthorized("the internal path answers only platform replicas"));
            try {
                final String secret = Credentials.fromAuthorization(authorization).orElseThrow();
                return authenticate(secret).map(Access::everything)
                        .orElseThrow(() -> ApiException.unauthorized("the internal path answers only platform replicas"));
            } catch (AuthenticationException e) {
                throw ApiException.unauthorized(e.getMessage());
            }
        };
    }
}
