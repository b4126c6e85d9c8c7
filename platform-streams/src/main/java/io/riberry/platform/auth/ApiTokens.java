package io.riberry.platform.auth;

import io.riberry.schema.ApiToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of an API token: {@code rbt_<id>_<secret>}. The id (64 random bits) names the token in
 * lists and revocations; the secret (256 random bits) is shown once and kept only as its SHA-256,
 * which is enough for a secret that random (no one can guess it, so there is nothing to slow down).
 */
public final class ApiTokens {

    public static final String PREFIX = "rbt_";
    private static final Pattern SHAPE = Pattern.compile("rbt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token's two parts, as presented. */
    public record Presented(String tokenId, String secret) {
    }

    /** A new token: the record to publish (hash only) and the token to show its creator once. */
    public record Issued(ApiToken record, String token) {
    }

    private ApiTokens() {
    }

    /** The parts of {@code secret} when it has a token's shape; empty for anything else (a JWT, say). */
    public static Optional<Presented> parse(final String secret) {
        final var matcher = SHAPE.matcher(secret);
        return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** Makes a token for {@code record}'s subject: fills in its id and hash. */
    public static Issued issue(final ApiToken.Builder record) {
        final byte[] id = new byte[8];
        final byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        final String tokenId = HexFormat.of().formatHex(id);
        final String secretText = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        final ApiToken token = record.setTokenId(tokenId).setSecretHash(hash(secretText)).build();
        return new Issued(token, PREFIX + tokenId + "_" + secretText);
    }

    /** Whether {@code presented} is the token {@code stored} was issued as, and still valid at {@code now}. */
    public static boolean matches(final ApiToken stored, final Presented presented, final Instant now) {
        final boolean sameSecret = MessageDigest.isEqual(hash(presented.secret()).getBytes(StandardCharsets.US_ASCII),
                stored.getSecretHash().getBytes(StandardCharsets.US_ASCII));
        return sameSecret && stored.getTokenId().equals(presented.tokenId()) && !expired(stored, now);
    }

    public static boolean expired(final ApiToken stored, final Instant now) {
        return stored.getExpiresAt() != null && !now.isBefore(stored.getExpiresAt());
    }

    static String hash(final String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
