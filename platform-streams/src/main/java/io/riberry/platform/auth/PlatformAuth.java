package io.riberry.platform.auth;

import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.Gate;
import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApiToken;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's authentication, put together from its settings: the replicas' shared credential,
 * the bootstrap admin token (when a file is configured), API tokens from the principals store,
 * and the gates of the API, the internal path and the registry.
 */
public final class PlatformAuth {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformAuth.class);
    /** The group whose members may register schemas in the embedded registry (workers' tokens). */
    public static final String SCHEMA_WRITERS_GROUP = "schema-writers";

    private final boolean enabled;
    private final ReplicaCredential replica;
    private final Optional<Path> adminTokenFile;
    private final TokenAuthenticator tokens;
    private final SessionCookies sessions;
    private final Authentication authentication;
    private final Authentication replicasToo;
    private final Optional<OidcLogin> oidcLogin;

    private PlatformAuth(final boolean enabled, final ReplicaCredential replica, final Optional<Path> adminTokenFile,
                         final TokenAuthenticator tokens, final SessionCookies sessions, final Authentication authentication,
                         final Authentication replicasToo, final Optional<OidcLogin> oidcLogin) {
        this.enabled = enabled;
        this.replica = replica;
        this.adminTokenFile = adminTokenFile;
        this.tokens = tokens;
        this.sessions = sessions;
        this.authentication = authentication;
        this.replicasToo = replicasToo;
        this.oidcLogin = oidcLogin;
    }

    /** The dashboard's sign-in through the OIDC issuer, when one is configured with a client id. */
    public Optional<OidcLogin> oidcLogin() {
        return oidcLogin;
    }

    /**
     * @param tokensById the principals store's token of an id (may throw while the store is not ready: a 503)
     * @param catalog    the catalog as it is now, for the groups
     * @param catalogVersion moves whenever a catalog record is applied: the groups are read again then, not per request
     */
    public static PlatformAuth from(final PlatformConfig config, final Function<String, ApiToken> tokensById,
                                    final Supplier<CatalogView> catalog, final LongSupplier catalogVersion, final Clock clock) {
        final Supplier<GroupIndex> groups = GroupIndex.cachedBy(catalogVersion, catalog);
        final ReplicaCredential replica = ReplicaCredential.of(config.replicaSecret());
        final TokenAuthenticator tokens = new TokenAuthenticator(tokensById, clock);
        final List<Authenticator> chain = new ArrayList<>();
        Optional<Path> adminFile = Optional.empty();
        if (!config.adminTokenFile().isBlank()) {
            adminFile = Optional.of(Path.of(config.adminTokenFile()).toAbsolutePath());
            chain.add(AdminToken.inFile(adminFile.get()));
        }
        chain.add(tokens);
        final SessionCookies sessions = new SessionCookies(replica.sessionKey(), Duration.ofMillis(config.sessionLifetimeMs()), clock);
        final OidcSettings oidc = OidcSettings.from(config);
        Optional<OidcLogin> oidcLogin = Optional.empty();
        if (oidc.enabled()) {
            // One issuer for both: its discovery document and keys are fetched once.
            final OidcIssuer issuer = new OidcIssuer(oidc);
            chain.add(new OidcAuthenticator(new OidcTokenVerifier(issuer, clock)));
            if (oidc.loginEnabled()) {
                oidcLogin = Optional.of(new OidcLogin(issuer, sessions, replica.sessionKey(), clock));
            }
        }
        if (!config.authEnabled()) {
            LOG.warn("Authentication is OFF ({}=false): anyone who reaches the HTTP port may do everything", PlatformConfig.AUTH_ENABLED);
        } else if (adminFile.isEmpty() && !oidc.enabled()) {
            LOG.warn("Authentication is on, but {} is not set and no OIDC issuer is configured: only API tokens made earlier "
                    + "can sign in; set {} to bootstrap an administrator", PlatformConfig.AUTH_ADMIN_TOKEN_FILE, PlatformConfig.AUTH_ADMIN_TOKEN_FILE);
        }
        if (config.authEnabled() && !replica.configured()) {
            LOG.warn("{} is not set: this replica made a random one, so other replicas cannot ask it (and it cannot ask them) "
                    + "for what their stores hold; set the same secret on every replica", PlatformConfig.AUTH_REPLICA_SECRET);
        }
        final List<Authenticator> withReplicas = new ArrayList<>(chain);
        withReplicas.add(0, replica);
        return new PlatformAuth(config.authEnabled(), replica, adminFile, tokens, sessions,
                new Authentication(chain, sessions, tokens, groups), new Authentication(withReplicas, sessions, tokens, groups), oidcLogin);
    }

    public boolean enabled() {
        return enabled;
    }

    public ReplicaCredential replica() {
        return replica;
    }

    /** Where the bootstrap admin token is, if this replica has one. */
    public Optional<Path> adminTokenFile() {
        return adminTokenFile;
    }

    public SessionCookies sessions() {
        return sessions;
    }

    public Authentication authentication() {
        return authentication;
    }

    public TokenAuthenticator tokens() {
        return tokens;
    }

    /**
     * How this replica's own registry clients (serdes, schema registration) authenticate:
     * the {@code schema.registry.*} / Confluent credentials configured for an external registry,
     * else the replicas' shared credential, which the embedded registry accepts.
     */
    public Map<String, Object> registryClientSettings(final PlatformConfig config) {
        final Map<String, Object> configured = new HashMap<>();
        config.originals().forEach((key, value) -> {
            if (key.startsWith("schema.registry.basic.auth.") || key.startsWith("schema.registry.bearer.auth.")
                    || key.startsWith("basic.auth.") || key.startsWith("bearer.auth.")) {
                configured.put(key, value instanceof Password password ? password.value() : value);
            }
        });
        if (configured.isEmpty() && enabled) {
            configured.put("bearer.auth.credentials.source", "STATIC_TOKEN");
            configured.put("bearer.auth.token", replica.bearerToken());
        }
        return configured;
    }

    /** The public API's and dashboard's gate. */
    public Gate apiGate() {
        return enabled ? authentication : Authentication.disabled();
    }

    /** The internal path's gate: replicas only, even with authentication off for users. */
    public Gate internalGate() {
        return replica.gate();
    }

    /**
     * The embedded registry's gate for writes: replicas, administrators and the schema writers'
     * group (workers' tokens); reads stay open, as Confluent clients expect.
     */
    public Gate registryGate() {
        if (!enabled) {
            return Authentication.disabled();
        }
        return request -> {
            final String authorization = request.header("authorization")
                    .orElseThrow(() -> ApiException.unauthorized("registering a schema needs a token: Bearer, or Basic with the token as password"));
            final Principal principal = replicasToo.authenticate(authorization);
            final Access access = principal == ReplicaCredential.REPLICA ? Access.everything(principal) : authentication.accessOf(principal);
            if (!access.administratorOr(SCHEMA_WRITERS_GROUP)) {
                throw ApiException.forbidden(principal.subject() + " may not register schemas: only replicas, administrators and members of the "
                        + SCHEMA_WRITERS_GROUP + " group (a worker's token: riberry tokens create --group " + SCHEMA_WRITERS_GROUP + ")");
            }
            return access;
        };
    }
}
