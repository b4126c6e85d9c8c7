package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.riberry.platform.config.PlatformConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWT bearer tokens against a real (test) issuer serving its keys over HTTP. */
class OidcAuthenticatorTest {

    private static final String AUDIENCE = "riberry-api";

    private TestOidcIssuer issuer;
    private OidcAuthenticator authenticator;

    @BeforeEach
    void start() throws IOException {
        issuer = new TestOidcIssuer();
        authenticator = authenticatorFor(Map.of(PlatformConfig.AUTH_OIDC_ADMIN_GROUP, "riberry-admins"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private OidcAuthenticator authenticatorFor(final Map<String, String> extra) {
        final Map<String, String> values = new HashMap<>(Map.of(PlatformConfig.AUTH_OIDC_ISSUER, issuer.url(),
                PlatformConfig.AUTH_OIDC_AUDIENCE, AUDIENCE));
        values.putAll(extra);
        return OidcAuthenticator.of(OidcSettings.from(values));
    }

    private String token(final JWTClaimsSet.Builder claims) {
        return TestOidcIssuer.sign(issuer.rsa, claims.build());
    }

    @Test
    void shouldAcceptAValidTokenAsItsSubjectWithGroupsAndTheAdminFlag() {
        final Optional<Principal> principal = authenticator.authenticate(token(issuer.claims(AUDIENCE)));

        assertThat(principal).contains(new Principal("alice", Set.of("analysts", "riberry-admins"), true, "oidc"));
    }

    @Test
    void shouldAcceptAnEs256TokenAndAnAudienceAmongSeveral() {
        final JWTClaimsSet claims = issuer.claims(AUDIENCE).audience(List.of("other-client", AUDIENCE)).build();

        assertThat(authenticator.authenticate(TestOidcIssuer.sign(issuer.ec, claims)).map(Principal::subject)).contains("alice");
    }

    @Test
    void shouldNotMakeAnAdministratorOfAUserOutsideTheAdminGroup() {
        issuer.userClaims = Map.of("sub", "bob", "groups", List.of("analysts"));

        assertThat(authenticator.authenticate(token(issuer.claims(AUDIENCE)))).contains(new Principal("bob", Set.of("analysts"), false, "oidc"));
    }

    @Test
    void shouldRefuseAnExpiredTokenButToleratesASmallClockSkew() {
        final Instant now = Instant.now();
        final String expired = token(issuer.claims(AUDIENCE).expirationTime(Date.from(now.minusSeconds(120))));
        final String justExpired = token(issuer.claims(AUDIENCE).expirationTime(Date.from(now.minusSeconds(20))));

        assertThatThrownBy(() -> authenticator.authenticate(expired)).isInstanceOf(AuthenticationException.class)
                .hasMessage("the token has expired");
        assertThat(authenticator.authenticate(justExpired)).isPresent();
    }

    @Test
    void shouldRefuseATokenWithoutExpiry() {
        final JWTClaimsSet.Builder claims = issuer.claims(AUDIENCE).expirationTime(null);

        assertThatThrownBy(() -> authenticator.authenticate(token(claims))).hasMessage("the token has no expiry (exp)");
    }

    @Test
    void shouldRefuseATokenNotYetValidOrIssuedInTheFuture() {
        final Date later = Date.from(Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE).notBeforeTime(later))))
                .hasMessage("the token is not valid yet");
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE).issueTime(later))))
                .hasMessage("the token was issued in the future");
    }

    @Test
    void shouldRefuseAnotherIssuersToken() {
        final JWTClaimsSet.Builder claims = issuer.claims(AUDIENCE).issuer("https://evil.example.com");

        assertThatThrownBy(() -> authenticator.authenticate(token(claims))).hasMessage("the token's issuer is not " + issuer.url());
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        final JWTClaimsSet.Builder claims = issuer.claims("other-client");

        assertThatThrownBy(() -> authenticator.authenticate(token(claims))).hasMessage("the token's audience is not riberry-api");
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKeyUnderAPublishedKeyId() {
        final RSAKey impostor = TestOidcIssuer.rsaKey(issuer.rsa.getKeyID());
        final String forged = TestOidcIssuer.sign(impostor, issuer.claims(AUDIENCE).build());

        assertThatThrownBy(() -> authenticator.authenticate(forged)).isInstanceOf(AuthenticationException.class)
                .hasMessage("the token's signature does not verify");
    }

    @Test
    void shouldRefuseAnUnsignedToken() {
        final String unsigned = new PlainJWT(issuer.claims(AUDIENCE).build()).serialize();

        assertThatThrownBy(() -> authenticator.authenticate(unsigned)).hasMessage("unsigned tokens (alg none) are not accepted");
    }

    @Test
    void shouldRefuseAnHs256TokenKeyedWithTheIssuersPublicKey() throws JOSEException {
        final SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.rsa.getKeyID()).build(),
                issuer.claims(AUDIENCE).build());
        confused.sign(new MACSigner(issuer.rsa.toPublicKey().getEncoded()));

        assertThatThrownBy(() -> authenticator.authenticate(confused.serialize()))
                .hasMessage("the token's algorithm HS256 is not accepted (RS256, ES256 or PS256)");
    }

    @Test
    void shouldFetchTheKeysAgainForAnUnknownKeyIdAndAcceptARotatedKey() {
        assertThat(authenticator.authenticate(token(issuer.claims(AUDIENCE)))).isPresent();
        final RSAKey rotated = TestOidcIssuer.rsaKey("rsa-2");
        issuer.publish(rotated, true);

        assertThat(authenticator.authenticate(TestOidcIssuer.sign(rotated, issuer.claims(AUDIENCE).build()))).isPresent();
        assertThat(issuer.jwksFetches).hasValue(2);
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .hasMessage("the token's signing key is not among the issuer's keys");
    }

    @Test
    void shouldNotLetMadeUpKeyIdsFloodTheIssuer() {
        IntStream.range(0, 20).forEach(i -> {
            final String token = TestOidcIssuer.sign(new RSAKey.Builder(issuer.rsa).keyID("made-up-" + i).build(), issuer.claims(AUDIENCE).build());
            assertThatThrownBy(() -> authenticator.authenticate(token)).hasMessage("the token's signing key is not among the issuer's keys");
        });

        assertThat(issuer.jwksFetches.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldSayTheKeysCannotBeFetchedWhenTheJwksEndpointIsDown() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        final OidcAuthenticator down = authenticatorFor(Map.of(PlatformConfig.AUTH_OIDC_JWKS_URL, "http://127.0.0.1:" + closedPort + "/jwks"));

        // The token may be fine: the answer is 503 (retry later), not 401 (sign in again).
        assertThatThrownBy(() -> down.authenticate(token(issuer.claims(AUDIENCE)))).isInstanceOf(io.riberry.platform.http.ApiException.class)
                .hasMessage("the issuer's signing keys cannot be fetched now; try again later")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((io.riberry.platform.http.ApiException) e).status()).isEqualTo(503));
    }

    @Test
    void shouldGiveUpOnAnIssuerThatNeverAnswersWithinItsTimeout() throws IOException {
        // A listening socket nobody accepts on: connections complete, no answer ever comes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final String silentUrl = "http://127.0.0.1:" + silent.getLocalPort();
            final OidcAuthenticator slowKeys = authenticatorFor(Map.of(PlatformConfig.AUTH_OIDC_JWKS_URL, silentUrl + "/jwks"));
            final OidcAuthenticator slowDiscovery = new OidcAuthenticator(new OidcTokenVerifier(new OidcIssuer(
                    new OidcSettings(silentUrl, "", AUDIENCE, "", "", "", "", "", "", Duration.ofMillis(500))), Clock.systemUTC()));
            final String token = token(issuer.claims(AUDIENCE));

            final long started = System.nanoTime();
            assertThatThrownBy(() -> slowKeys.authenticate(token)).hasMessageStartingWith("the issuer's signing keys cannot be fetched now");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            final long startedDiscovery = System.nanoTime();
            assertThatThrownBy(() -> slowDiscovery.authenticate(token)).hasMessageContaining("discovery document did not answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - startedDiscovery)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldLeaveSecretsThatAreNotJwtsToTheNextAuthenticator() {
        assertThat(authenticator.authenticate("rbt_3kq9Zx0aL2mN8pQ")).isEmpty();
        assertThat(authenticator.authenticate("not.a.jwt")).isEmpty();
        assertThat(authenticator.authenticate("eyJhbGciOiJSUzI1NiJ9.e30")).isEmpty();
        assertThat(authenticator.authenticate("a.b.c.d.e")).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
        assertThat(issuer.jwksFetches).hasValue(0);
    }

    @Test
    void shouldRefuseAHugeTokenUnread() {
        final String huge = token(issuer.claims(AUDIENCE).claim("padding", "x".repeat(9000)));

        assertThatThrownBy(() -> authenticator.authenticate(huge)).hasMessage("the token is longer than 8192 characters");
        assertThat(issuer.jwksFetches).hasValue(0);
    }

    @Test
    void shouldReadGroupsGivenAsAStringAnArrayOrNotAtAll() {
        issuer.userClaims = Map.of("sub", "carol", "groups", "riberry-admins");
        assertThat(authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .contains(new Principal("carol", Set.of("riberry-admins"), true, "oidc"));

        issuer.userClaims = Map.of("sub", "carol", "groups", List.of("a", "b"));
        assertThat(authenticator.authenticate(token(issuer.claims(AUDIENCE))).map(Principal::groups)).contains(Set.of("a", "b"));

        issuer.userClaims = Map.of("sub", "carol");
        assertThat(authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .contains(new Principal("carol", Set.of(), false, "oidc"));
    }

    @Test
    void shouldReadConfiguredClaimsIncludingADottedPathAndANamespacedName() {
        final OidcAuthenticator keycloak = authenticatorFor(Map.of(PlatformConfig.AUTH_OIDC_SUBJECT_CLAIM, "preferred_username",
                PlatformConfig.AUTH_OIDC_GROUPS_CLAIM, "realm_access.roles", PlatformConfig.AUTH_OIDC_ADMIN_GROUP, "admin"));
        issuer.userClaims = Map.of("sub", "f3a1-uuid", "preferred_username", "dave", "realm_access", Map.of("roles", List.of("admin", "ops")));
        assertThat(keycloak.authenticate(token(issuer.claims(AUDIENCE)))).contains(new Principal("dave", Set.of("admin", "ops"), true, "oidc"));

        final OidcAuthenticator auth0 = authenticatorFor(Map.of(PlatformConfig.AUTH_OIDC_GROUPS_CLAIM, "https://riberry.io/groups"));
        issuer.userClaims = Map.of("sub", "erin", "https://riberry.io/groups", List.of("ops"));
        assertThat(auth0.authenticate(token(issuer.claims(AUDIENCE))).map(Principal::groups)).contains(Set.of("ops"));
    }

    @Test
    void shouldRefuseUnboundedOrMalformedGroupsAndAMissingSubject() {
        issuer.userClaims = Map.of("sub", "frank", "groups", IntStream.range(0, 257).mapToObj(i -> "g" + i).toList());
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .hasMessage("the token's groups claim lists more than 256 groups");

        issuer.userClaims = Map.of("sub", "frank", "groups", List.of("x".repeat(257)));
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .hasMessage("the token's groups claim has a group name over 256 characters");

        issuer.userClaims = Map.of("sub", "frank", "groups", List.of(1, 2));
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .hasMessage("the token's groups claim must be a string or a list of strings");

        issuer.userClaims = Map.of("groups", List.of("a"));
        assertThatThrownBy(() -> authenticator.authenticate(token(issuer.claims(AUDIENCE))))
                .hasMessage("the token has no sub claim to name its user");
    }

    @Test
    void shouldNeverRepeatTheTokenInAReason() {
        final String expired = token(issuer.claims(AUDIENCE).expirationTime(Date.from(Instant.now().minusSeconds(600))));

        assertThatThrownBy(() -> authenticator.authenticate(expired)).message()
                .doesNotContain(expired.substring(0, 20)).doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
    }

    @Test
    void shouldRequireAnAudienceWithAnIssuer() {
        assertThatThrownBy(() -> OidcSettings.from(Map.of(PlatformConfig.AUTH_OIDC_ISSUER, issuer.url())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth.oidc.audience is required");
        assertThat(OidcSettings.from(Map.of()).enabled()).isFalse();
        assertThat(OidcSettings.from(Map.of(PlatformConfig.AUTH_OIDC_ISSUER, issuer.url(), PlatformConfig.AUTH_OIDC_AUDIENCE, "a",
                PlatformConfig.AUTH_OIDC_CLIENT_SECRET, "hush")).toString()).doesNotContain("hush");
    }
}
