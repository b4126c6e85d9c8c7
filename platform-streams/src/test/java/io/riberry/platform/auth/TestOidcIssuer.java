package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' OIDC issuer, on a real local HTTP server: discovery document, JWKS, an authorization
 * endpoint that signs the user in at once and redirects back with a code, and a token endpoint
 * that checks the code, the PKCE verifier, the redirect URI and the client's secret before it
 * answers a signed ID token. Keys are made here and can be rotated.
 */
final class TestOidcIssuer implements AutoCloseable {

    static final String CLIENT_ID = "riberry-dashboard";
    static final String CLIENT_SECRET = "s3cret:with/odd&chars";

    /** Made once per test JVM: a 2048-bit RSA key takes a good part of a second on a busy machine. */
    private static final RSAKey SHARED_RSA = rsaKey("rsa-1");
    private static final ECKey SHARED_EC = ecKey("ec-1");

    final RSAKey rsa = SHARED_RSA;
    final ECKey ec = SHARED_EC;
    private final HttpServer server;
    private final List<JWK> published = new CopyOnWriteArrayList<>(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    /** Claims the next ID tokens carry (the user who "signs in"). */
    volatile Map<String, Object> userClaims = Map.of("sub", "alice", "groups", List.of("analysts", "riberry-admins"));
    /** When set, ID tokens carry this nonce instead of the one the sign-in asked for. */
    volatile String nonceOverride;

    TestOidcIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes {@code key} (its public part) from now on, beside or instead of the others. */
    void publish(final JWK key, final boolean replaceOthers) {
        if (replaceOthers) {
            published.clear();
        }
        published.add(key.toPublicJWK());
    }

    static RSAKey rsaKey(final String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(final String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as this issuer makes them for {@code audience}, valid from a minute ago for five minutes. */
    JWTClaimsSet.Builder claims(final String audience) {
        final Instant now = Instant.now();
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(url()).audience(audience)
                .issueTime(Date.from(now.minusSeconds(60))).notBeforeTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).jwtID(UUID.randomUUID().toString());
        userClaims.forEach(claims::claim);
        return claims;
    }

    static String sign(final JWK key, final JWTClaimsSet claims) {
        try {
            if (key instanceof RSAKey rsaKey) {
                final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
                jwt.sign(new RSASSASigner(rsaKey));
                return jwt.serialize();
            }
            final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(final HttpExchange exchange) throws IOException {
        final ObjectNode document = Json.MAPPER.createObjectNode().put("issuer", url())
                .put("authorization_endpoint", url() + "/authorize").put("token_endpoint", url() + "/token")
                .put("jwks_uri", url() + "/jwks");
        answer(exchange, 200, Json.MAPPER.writeValueAsString(document), "application/json");
    }

    private void jwks(final HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        answer(exchange, 200, new JWKSet(List.copyOf(published)).toString(true), "application/json");
    }

    /** Signs the user in at once: checks the request as an issuer would, then redirects back with a code. */
    private void authorize(final HttpExchange exchange) throws IOException {
        final Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!"code".equals(query.get("response_type")) || !CLIENT_ID.equals(query.get("client_id"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null
                || !query.getOrDefault("scope", "").contains("openid") || query.get("redirect_uri") == null) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}", "application/json");
            return;
        }
        final String code = UUID.randomUUID().toString();
        codes.put(code, query);
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(final HttpExchange exchange) throws IOException {
        final Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        final String expectedBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":"
                + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        if (!expectedBasic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}", "application/json");
            return;
        }
        final Map<String, String> authorization = codes.remove(form.getOrDefault("code", ""));
        if (!"authorization_code".equals(form.get("grant_type")) || authorization == null
                || !authorization.get("redirect_uri").equals(form.get("redirect_uri"))
                || !authorization.get("code_challenge").equals(challenge(form.getOrDefault("code_verifier", "")))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}", "application/json");
            return;
        }
        final String nonce = nonceOverride != null ? nonceOverride : authorization.get("nonce");
        final String idToken = sign(rsa, claims(CLIENT_ID).claim("nonce", nonce).build());
        answer(exchange, 200, Json.MAPPER.writeValueAsString(Map.of("access_token", "opaque", "token_type", "Bearer",
                "id_token", idToken, "expires_in", 300)), "application/json");
    }

    private static String challenge(final String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parse(final String query) {
        final Map<String, String> values = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            final int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    static Map<String, String> queryOf(final String location) {
        return parse(URI.create(location).getRawQuery());
    }

    private static void answer(final HttpExchange exchange, final int status, final String body, final String type) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
