package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.PlatformSerdes;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Riberry's access model over a real (in-memory) catalog store: membership by name or by claim, the strongest role wins, admins see all. */
class AccessTest {

    @TempDir
    Path stateDir;

    private KeyValueStore<String, CatalogEntry> store;
    private CatalogView catalog;

    @BeforeEach
    void catalog() {
        final MockProcessorContext<String, Object> context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        final PlatformSerdes serdes = PlatformSerdes.using(SchemaRegistryClients.forUrl(SchemaRegistryClients.MOCK_SCHEME + UUID.randomUUID()));
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("catalog"), Serdes.String(), serdes.catalogEntry())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        form("invoice", "billing", "billing-prod");
        form("report", "billing", "billing-prod");
        form("payroll", "hr", "hr-prod");
        group("finance", List.of("alice"), List.of(new FormGrant("invoice", FormRole.OPERATOR), new FormGrant("report", FormRole.VIEWER)), false);
        group("auditors", List.of(), List.of(new FormGrant("report", FormRole.MANAGER)), false);
        group("root", List.of("rooty"), List.of(), true);
        catalog = new CatalogView(store);
    }

    @Test
    void shouldGrantTheFormsOfTheGroupsListingTheSubject() {
        final Access alice = Access.of(principal("alice", Set.of()), catalog);

        assertThat(alice.administrator()).isFalse();
        assertThat(alice.visibleForms()).contains(Set.of("invoice", "report"));
        assertThat(alice.may("invoice", FormRole.OPERATOR)).isTrue();
        assertThat(alice.may("report", FormRole.OPERATOR)).isFalse();
        assertThat(alice.canSeeForm("payroll")).isFalse();
        assertThat(alice.canSeeInstance("billing-prod")).isTrue();
        assertThat(alice.canSeeInstance("hr-prod")).isFalse();
        assertThat(alice.canSeeApplication("hr")).isFalse();
    }

    @Test
    void shouldJoinAGroupByTheCredentialsClaimAndKeepTheStrongestRole() {
        final Access claimed = Access.of(principal("alice", Set.of("auditors")), catalog);

        assertThat(claimed.roleOn("report")).contains(FormRole.MANAGER);
        assertThat(claimed.roleOn("invoice")).contains(FormRole.OPERATOR);
    }

    @Test
    void shouldSeeNothingOutsideEveryGroup() {
        final Access stranger = Access.of(principal("mallory", Set.of("no-such-group")), catalog);

        assertThat(stranger.visibleForms()).contains(Set.of());
        assertThat(stranger.canSeeForm("invoice")).isFalse();
        assertThat(stranger.canSeeInstance("billing-prod")).isFalse();
    }

    @Test
    void shouldMakeAnAdministratorOfAnAdministratorsGroupsMember() {
        final Access root = Access.of(principal("rooty", Set.of()), catalog);

        assertThat(root.administrator()).isTrue();
        assertThat(root.visibleForms()).isEmpty();
        assertThat(root.may("payroll", FormRole.MANAGER)).isTrue();
    }

    @Test
    void shouldNotGrantAFormThatIsNoLongerInTheCatalog() {
        store.delete(CatalogView.formId("invoice"));

        assertThat(Access.of(principal("alice", Set.of()), catalog).canSeeForm("invoice")).isFalse();
    }

    private static Principal principal(final String subject, final Set<String> groups) {
        return new Principal(subject, groups, false, "test");
    }

    private void form(final String name, final String application, final String instance) {
        store.put(CatalogView.formId(name), new CatalogEntry(CatalogView.formId(name),
                FormDefinition.newBuilder().setName(name).setApplication(application).setInstance(instance).build()));
    }

    private void group(final String name, final List<String> members, final List<FormGrant> forms, final boolean administrators) {
        store.put(CatalogView.groupId(name), new CatalogEntry(CatalogView.groupId(name), GroupDefinition.newBuilder().setName(name)
                .setMembers(members).setForms(forms).setAdministrators(administrators).build()));
    }
}
