package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.ApiToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential shapes: headers, API tokens (hash only, expiry, revocation), the admin token file, and signed sessions. */
class CredentialsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldReadBearerAndBasicWithTheTokenAsPassword() {
        assertThat(Credentials.fromAuthorization("Bearer abc")).contains("abc");
        assertThat(Credentials.fromAuthorization("bearer  abc ")).contains("abc");
        final String basic = Base64.getEncoder().encodeToString("anyone:s3cret:with-colon".getBytes(StandardCharsets.UTF_8));
        assertThat(Credentials.fromAuthorization("Basic " + basic)).contains("s3cret:with-colon");
        assertThat(Credentials.fromAuthorization(null)).isEmpty();
    }

    @Test
    void shouldRefuseMalformedHeadersWithoutRepeatingThem() {
        for (String header : List.of("Bearer", "Digest abc", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()),
                "Bearer " + "x".repeat(Credentials.MAX_SECRET_CHARS + 1))) {
            assertThatThrownBy(() -> Credentials.fromAuthorization(header)).isInstanceOf(AuthenticationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc").doesNotContain("nocolon"));
        }
    }

    @Test
    void shouldKeepOnlyAHashAndAcceptTheTokenUntilItExpiresOrIsRevoked() {
        final ApiTokens.Issued issued = ApiTokens.issue(ApiToken.newBuilder().setSubject("ada").setCreatedAt(NOW)
                .setExpiresAt(NOW.plus(Duration.ofHours(1))));
        assertThat(issued.token()).startsWith("rbt_" + issued.record().getTokenId() + "_");
        final String secret = issued.token().substring(issued.token().lastIndexOf('_') + 1);
        assertThat(issued.record().toString()).doesNotContain(secret);

        final Map<String, ApiToken> stored = new HashMap<>(Map.of(issued.record().getTokenId(), issued.record()));
        final TokenAuthenticator tokens = new TokenAuthenticator(stored::get, clock);
        assertThat(tokens.authenticate(issued.token())).map(Principal::subject).contains("ada");
        assertThat(tokens.authenticate("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isEmpty();
        assertThatThrownBy(() -> tokens.authenticate(issued.token().substring(0, issued.token().length() - 1) + "A"))
                .isInstanceOf(AuthenticationException.class);

        final TokenAuthenticator later = new TokenAuthenticator(stored::get, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.authenticate(issued.token())).isInstanceOf(AuthenticationException.class);
        stored.clear();
        assertThatThrownBy(() -> tokens.authenticate(issued.token())).isInstanceOf(AuthenticationException.class)
                .hasMessage("the API token is not valid (unknown, revoked or expired)");
    }

    @Test
    void shouldCreateTheAdminTokenOwnerOnlyAndAcceptNothingElse(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("nested").resolve("admin.token");
        final AdminToken admin = AdminToken.inFile(file);
        final String token = Files.readString(file).trim();

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(admin.authenticate(token)).map(Principal::administrator).contains(true);
        assertThatThrownBy(() -> admin.authenticate(token + "x")).isInstanceOf(AuthenticationException.class);
        assertThat(admin.authenticate("rbt_something")).isEmpty();
        assertThat(AdminToken.inFile(file).authenticate(token)).isPresent();
    }

    @Test
    void shouldSignSessionsAndRefuseTamperedOrExpiredOnes() {
        final SessionCookies sessions = new SessionCookies(new byte[32], Duration.ofHours(8), clock);
        final String setCookie = sessions.open(new Principal("ada", Set.of("finance"), false, "token t1"), Optional.of("t1"),
                Optional.of(NOW.plus(Duration.ofHours(1))), true);
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Secure").contains("Max-Age=3600");
        final String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        final SessionCookies.Session session = sessions.read("other=1; " + cookie).orElseThrow();
        assertThat(session.principal().subject()).isEqualTo("ada");
        assertThat(session.principal().groups()).containsExactly("finance");
        assertThat(session.tokenId()).contains("t1");

        final String value = cookie.substring(cookie.indexOf('=') + 1);
        final String payload = value.substring(0, value.indexOf('.'));
        final String forged = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("\"admin\":false", "\"admin\":true");
        final String forgedCookie = SessionCookies.NAME + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + value.substring(value.indexOf('.'));
        assertThat(sessions.read(forgedCookie)).isEmpty();
        assertThat(new SessionCookies(new byte[] {1}, Duration.ofHours(8), clock).read(cookie)).isEmpty();
        assertThat(new SessionCookies(new byte[32], Duration.ofHours(8), Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .read(cookie)).isEmpty();
    }
}
