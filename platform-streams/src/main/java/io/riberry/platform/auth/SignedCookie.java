package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cookie whose value is a JSON body and its HMAC-SHA256: {@code base64url(json).base64url(mac)},
 * the body's {@code exp} (epoch millis) ending it. The MAC covers a purpose too, so cookies signed
 * with one key for different purposes never pass for each other. Any replica holding the key reads
 * it: no store behind it. Oversized, unsigned, tampered, undecodable and expired values all read
 * as no cookie at all.
 */
final class SignedCookie {

    /** Longer than any Cookie header Jetty lets through (16 KiB): such a header is not even split. */
    private static final int MAX_HEADER_CHARS = 32 * 1024;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final String name;
    private final String purpose;
    private final byte[] key;
    private final int maxValueChars;

    SignedCookie(final String name, final String purpose, final byte[] key, final int maxValueChars) {
        this.name = name;
        this.purpose = purpose;
        this.key = key.clone();
        this.maxValueChars = maxValueChars;
    }

    /** {@code name=value} for {@code body}, which must carry its {@code exp}. */
    String pair(final ObjectNode body) {
        final String payload;
        try {
            payload = ENCODE.encodeToString(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a " + purpose + " cookie", e);
        }
        return name + "=" + payload + "." + sign(payload);
    }

    /** The body of this cookie in a {@code Cookie} header, if it is there, signed by us and not expired at {@code now}. */
    Optional<JsonNode> read(final String cookieHeader, final Clock clock) {
        if (cookieHeader == null || cookieHeader.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            final String trimmed = cookie.trim();
            if (trimmed.startsWith(name + "=")) {
                return verify(trimmed.substring(name.length() + 1), clock);
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> verify(final String value, final Clock clock) {
        final int dot = value.indexOf('.');
        if (dot < 0 || value.length() > maxValueChars) {
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
            return Optional.of(body);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(final String payload) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODE.encodeToString(mac.doFinal((purpose + ":" + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
