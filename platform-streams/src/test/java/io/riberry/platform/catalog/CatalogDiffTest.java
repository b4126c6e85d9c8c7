package io.riberry.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.testing.Catalogs;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {

    @Test
    void shouldListWhatIsAddedModifiedAndDeleted() {
        final Map<String, CatalogEntry> current = Catalogs.demo();
        final Map<String, CatalogEntry> wanted = new LinkedHashMap<>(current);
        wanted.remove("form:fail");
        final FormDefinition hello = FormDefinition.newBuilder((FormDefinition) current.get("form:hello").getEntity())
                .setDescription("Greets, politely").build();
        wanted.put("form:hello", new CatalogEntry("form:hello", hello));
        wanted.put("form:bye", new CatalogEntry("form:bye", Catalogs.form("bye", List.of())));

        final CatalogDiff diff = CatalogDiff.between(current, wanted);

        assertThat(diff.added()).containsExactly("form:bye");
        assertThat(diff.modified()).containsExactly("form:hello");
        assertThat(diff.deleted()).containsExactly("form:fail");
        final Map<String, CatalogEntry> records = diff.records(wanted);
        assertThat(records).containsKeys("form:bye", "form:hello", "form:fail");
        assertThat(records.get("form:fail")).as("a delete is a tombstone").isNull();
    }

    @Test
    void shouldFindNothingToDoWhenTheFileMatches() {
        assertThat(CatalogDiff.between(Catalogs.demo(), Catalogs.demo()).isEmpty()).isTrue();
    }
}
