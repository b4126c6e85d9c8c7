package io.riberry.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dashboard's sign-in through the OIDC issuer: authorization code with PKCE (S256).
 * {@link #start} ({@code GET /login/oidc}) sends the browser to the issuer with a fresh state,
 * nonce and code challenge, kept in a signed {@link OidcFlowCookie}; {@link #callback}
 * ({@code GET /login/callback}) checks the state, trades the code and verifier for an ID token at
 * the token endpoint, checks that token (signature, issuer, audience = our client id, validity,
 * nonce) and opens a session. Nothing is kept in server memory, so any replica finishes what
 * another began. Failures answer JSON; no code or token is ever put in a URL, a message or a log.
 */
public final class OidcLogin {

    public static final String START_PATH = "/login/oidc";
    public static final String CALLBACK_PATH = "/login/callback";
    /** Where a signed-in browser goes: the dashboard. */
    public static final String HOME = "/";
    public static final String SCOPE = "openid profile";

    /** A Host header we are willing to put in a redirect URI: a name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

    private final OidcIssuer issuer;
    private final OidcTokenVerifier verifier;
    private final SessionCookies sessions;
    private final OidcFlowCookie flows;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param issuer    the issuer, shared with the {@link OidcAuthenticator} so discovery and keys are fetched once
     * @param sessions  the dashboard's sessions
     * @param cookieKey the key {@code sessions} signs with (the replicas' shared secret), signing the flow cookie too
     */
    public OidcLogin(final OidcIssuer issuer, final SessionCookies sessions, final byte[] cookieKey, final Clock clock) {
        if (!issuer.settings().loginEnabled()) {
            throw new IllegalArgumentException("the OIDC sign-in needs " + PlatformConfig.AUTH_OIDC_CLIENT_ID);
        }
        this.issuer = issuer;
        this.verifier = new OidcTokenVerifier(issuer, clock);
        this.sessions = sessions;
        this.flows = new OidcFlowCookie(cookieKey, clock);
    }

    /** {@code GET /login/oidc}: a redirect to the issuer's authorization endpoint. */
    public ApiResponse start(final ApiRequest request) {
        final String redirectUri = redirectUri(request);
        final String authorizationEndpoint;
        try {
            authorizationEndpoint = OidcIssuer.requireEndpoint(issuer.discovery().authorizationEndpoint(), "authorization_endpoint");
        } catch (OidcIssuer.UnavailableException e) {
            throw ApiException.unavailable("the sign-in cannot start: " + e.getMessage());
        }
        final OidcFlowCookie.Flow flow = new OidcFlowCookie.Flow(randomToken(), randomToken(), randomToken(), redirectUri);
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", issuer.settings().clientId());
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", SCOPE);
        parameters.put("state", flow.state());
        parameters.put("nonce", flow.nonce());
        parameters.put("code_challenge", codeChallenge(flow.codeVerifier()));
        parameters.put("code_challenge_method", "S256");
        final String location = authorizationEndpoint + (authorizationEndpoint.contains("?") ? "&" : "?") + form(parameters);
        return redirect(location, flows.open(flow, isSecure(redirectUri)));
    }

    /** {@code GET /login/callback?code&state}: the issuer's answer, turned into a session. */
    public ApiResponse callback(final ApiRequest request) {
        final Optional<String> error = request.queryParam("error");
        if (error.isPresent()) {
            final String code = ERROR_CODE.matcher(error.get()).matches() ? error.get() : "unreadable error";
            throw unauthenticated("the issuer did not sign you in (" + code + ")");
        }
        final String code = request.queryParam("code").orElseThrow(() -> ApiException.badRequest("the callback has no code"));
        final String state = request.queryParam("state").orElseThrow(() -> ApiException.badRequest("the callback has no state"));
        final OidcFlowCookie.Flow flow = flows.read(request.header("cookie").orElse(null)).orElseThrow(() -> ApiException.badRequest(
                "this sign-in has expired or began in another browser; start again at " + START_PATH));
        if (!constantTimeEquals(state, flow.state())) {
            throw ApiException.badRequest("the callback's state is not this browser's sign-in; start again at " + START_PATH);
        }
        final String idToken = exchange(code, flow);
        final JWTClaimsSet claims = checkIdToken(idToken, flow);
        final Principal principal;
        try {
            principal = OidcAuthenticator.principalOf(claims, issuer.settings());
        } catch (AuthenticationException e) {
            throw unauthenticated("the ID token was refused: " + e.getMessage());
        }
        final boolean secure = isSecure(flow.redirectUri());
        return redirect(HOME, sessions.open(principal, Optional.empty(), Optional.of(claims.getExpirationTime().toInstant()), secure));
    }

    /**
     * The callback URL the issuer sends the browser back to. The configured one when set; else built
     * from the request's Host header, which the client chooses: it is checked to be a plain host and
     * port, the issuer only redirects to URIs registered with it, and production should set
     * {@code auth.oidc.redirect.url} (the scheme behind a TLS proxy comes from X-Forwarded-Proto).
     */
    String redirectUri(final ApiRequest request) {
        final Optional<String> configured = issuer.settings().configuredRedirectUrl();
        if (configured.isPresent()) {
            return configured.get();
        }
        final String host = request.header("host").orElse("");
        if (!HOST.matcher(host).matches()) {
            throw ApiException.badRequest("the request's Host header cannot name the sign-in callback; set auth.oidc.redirect.url");
        }
        final String scheme = "https".equalsIgnoreCase(request.header("x-forwarded-proto").orElse("").trim()) ? "https" : "http";
        return scheme + "://" + host + CALLBACK_PATH;
    }

    private String exchange(final String code, final OidcFlowCookie.Flow flow) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", flow.redirectUri());
        parameters.put("code_verifier", flow.codeVerifier());
        final String clientId = issuer.settings().clientId();
        final String secret = issuer.settings().clientSecret();
        String basic = null;
        if (secret.isEmpty()) {
            parameters.put("client_id", clientId);
        } else {
            // client_secret_basic (RFC 6749 2.3.1): each part form-encoded before the base64.
            basic = "Basic " + Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        }
        final JsonNode answer;
        try {
            answer = issuer.postToken(form(parameters), basic);
        } catch (OidcIssuer.UnavailableException e) {
            throw ApiException.unavailable("the sign-in cannot finish: " + e.getMessage());
        }
        if (answer.hasNonNull("error")) {
            final String reason = answer.path("error").asText();
            throw unauthenticated("the issuer refused the sign-in's code (" + (ERROR_CODE.matcher(reason).matches() ? reason : "unreadable error") + ")");
        }
        final String idToken = answer.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw unauthenticated("the issuer's token endpoint answered no id_token");
        }
        return idToken;
    }

    private JWTClaimsSet checkIdToken(final String idToken, final OidcFlowCookie.Flow flow) {
        final String clientId = issuer.settings().clientId();
        try {
            if (idToken.length() > OidcAuthenticator.MAX_TOKEN_CHARS) {
                throw new AuthenticationException("the token is longer than " + OidcAuthenticator.MAX_TOKEN_CHARS + " characters");
            }
            final JWTClaimsSet claims = verifier.verify(OidcTokenVerifier.parse(idToken), clientId);
            // OIDC Core 3.1.3.7: with several audiences, the authorized party must be us.
            final List<String> audiences = claims.getAudience();
            final String authorizedParty = claims.getStringClaim("azp");
            if ((audiences.size() > 1 || authorizedParty != null) && !clientId.equals(authorizedParty)) {
                throw new AuthenticationException("the token's authorized party (azp) is not " + clientId);
            }
            final String nonce = claims.getStringClaim("nonce");
            if (nonce == null || !constantTimeEquals(nonce, flow.nonce())) {
                throw new AuthenticationException("the token's nonce is not this sign-in's");
            }
            return claims;
        } catch (AuthenticationException e) {
            throw unauthenticated("the ID token was refused: " + e.getMessage());
        } catch (ParseException e) {
            throw unauthenticated("the ID token was refused: its azp or nonce is not a string");
        }
    }

    private static ApiResponse redirect(final String location, final String setCookie) {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location);
        headers.put("Set-Cookie", setCookie);
        headers.put("Cache-Control", "no-store");
        return new ApiResponse(302, headers, 0, out -> { });
    }

    private static ApiException unauthenticated(final String message) {
        return new ApiException(401, "unauthenticated", message);
    }

    private static boolean isSecure(final String url) {
        return url.startsWith("https:");
    }

    private String randomToken() {
        final byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ENCODE.encodeToString(bytes);
    }

    /** PKCE S256 (RFC 7636 4.2): BASE64URL(SHA-256(ASCII(verifier))). */
    static String codeChallenge(final String verifier) {
        try {
            return ENCODE.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static boolean constantTimeEquals(final String a, final String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(final Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
