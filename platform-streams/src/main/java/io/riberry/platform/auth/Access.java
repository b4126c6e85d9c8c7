package io.riberry.platform.auth;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one principal may see and do, as Riberry had it: a principal acts on a form (and on that
 * form's jobs, executions and artifacts, its instance and its application) only through a group
 * that grants the form, with the group's role on it; a system administrator acts on everything.
 * A principal is in a group when the group lists its subject as a member, or when its credential
 * names the group (an OIDC groups claim, a token's groups).
 */
public final class Access {

    private final Principal principal;
    private final boolean administrator;
    private final Map<String, FormRole> roles;
    private final Map<String, FormDefinition> visibleForms;
    private final Set<String> groups;

    private Access(final Principal principal, final boolean administrator, final Map<String, FormRole> roles,
                   final Map<String, FormDefinition> visibleForms, final Set<String> groups) {
        this.principal = principal;
        this.administrator = administrator;
        this.roles = roles;
        this.visibleForms = visibleForms;
        this.groups = groups;
    }

    /** The access of {@code principal} under the catalog's groups as they are now. */
    public static Access of(final Principal principal, final CatalogView catalog) {
        return of(principal, GroupIndex.of(catalog));
    }

    /** The access of {@code principal} under {@code index}'s groups (read from memory: no store is touched). */
    public static Access of(final Principal principal, final GroupIndex index) {
        boolean administrator = principal.administrator();
        final Map<String, FormRole> roles = new HashMap<>();
        final Set<String> groups = new java.util.HashSet<>(principal.groups());
        for (GroupDefinition group : index.groups()) {
            if (!group.getMembers().contains(principal.subject()) && !principal.groups().contains(group.getName())) {
                continue;
            }
            groups.add(group.getName());
            administrator |= group.getAdministrators();
            for (FormGrant grant : group.getForms()) {
                roles.merge(grant.getForm(), grant.getRole(), (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
            }
        }
        final Map<String, FormDefinition> visible = new HashMap<>();
        if (!administrator) {
            roles.keySet().forEach(form -> index.form(form).ifPresent(definition -> visible.put(form, definition)));
        }
        return new Access(principal, administrator, Collections.unmodifiableMap(roles), Collections.unmodifiableMap(visible),
                Set.copyOf(groups));
    }

    /** Everything, for when authentication is off and for the platform's own calls. */
    public static Access everything(final Principal principal) {
        return new Access(principal, true, Map.of(), Map.of(), principal.groups());
    }

    public Principal principal() {
        return principal;
    }

    public boolean administrator() {
        return administrator;
    }

    /** Whether it is in {@code group}: listed as a member in the catalog, or by its credential. */
    public boolean inGroup(final String group) {
        return groups.contains(group);
    }

    /** An administrator, or a member of {@code group} (the system groups: metrics readers, schema writers). */
    public boolean administratorOr(final String group) {
        return administrator || inGroup(group);
    }

    /** The forms this principal may see; empty means every form (an administrator). */
    public Optional<Set<String>> visibleForms() {
        return administrator ? Optional.empty() : Optional.of(visibleForms.keySet());
    }

    /** Its role on {@code form}: MANAGER for an administrator, empty when it may not see the form. */
    public Optional<FormRole> roleOn(final String form) {
        if (administrator) {
            return Optional.of(FormRole.MANAGER);
        }
        return visibleForms.containsKey(form) ? Optional.ofNullable(roles.get(form)) : Optional.empty();
    }

    public boolean canSeeForm(final String form) {
        return roleOn(form).isPresent();
    }

    /** Whether it has at least {@code role} on {@code form}. */
    public boolean may(final String form, final FormRole role) {
        return roleOn(form).map(held -> held.ordinal() >= role.ordinal()).orElse(false);
    }

    /** An instance is seen through any form it serves. */
    public boolean canSeeInstance(final String instance) {
        return administrator || visibleForms.values().stream().anyMatch(form -> form.getInstance().equals(instance));
    }

    /** An application is seen through any of its forms. */
    public boolean canSeeApplication(final String application) {
        return administrator || visibleForms.values().stream().anyMatch(form -> form.getApplication().equals(application));
    }
}
