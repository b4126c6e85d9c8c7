package io.riberry.platform.auth;

import java.util.Set;

/**
 * Who a request comes from, once its credentials were checked: a subject (the name groups list
 * their members by), the groups it belongs to by its credential (an OIDC groups claim, or those
 * a token was created with; the catalog's group members are added by {@link Access}), whether the
 * credential itself makes it a system administrator, and how it authenticated (for logs and
 * {@code GET /whoami}; never the credential).
 */
public record Principal(String subject, Set<String> groups, boolean administrator, String via) {

    /** Where authentication is turned off: every request acts as this administrator. */
    public static final Principal UNAUTHENTICATED = new Principal("anonymous", Set.of(), true, "authentication disabled");

    public Principal {
        groups = Set.copyOf(groups);
    }
}
