package io.riberry.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

    @Test
    void shouldReadTheShippedDemoCatalog() {
        final Map<String, CatalogEntry> entries = CatalogFile.read(Path.of("..", "config", "catalog.yaml"));

        assertThat(entries).containsKeys("application:demo", "instance:demo-local", "form:hello", "form:fail", "form:report",
                "application:bench", "instance:bench-local", "form:bench-progress", "instance:bench-artifacts", "form:bench-artifact");
        final FormDefinition hello = (FormDefinition) entries.get("form:hello").getEntity();
        assertThat(hello.getInstance()).isEqualTo("demo-local");
        assertThat(hello.getInputs()).singleElement().satisfies(input -> {
            assertThat(input.getName()).isEqualTo("name");
            assertThat(input.getRequired()).isTrue();
            assertThat(input.getType()).isEqualTo(InputType.TEXT);
        });
        assertThat(CatalogFile.instances(entries)).containsExactly("demo-local", "bench-local", "bench-artifacts");
    }

    @Test
    void shouldNameWhatIsWrongWithABadCatalog() {
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    forms:\n      - name: f\n"))
                .hasMessageContaining("form f needs a instance");
        assertThatThrownBy(() -> read("forms: []\n")).hasMessageContaining("must have a list of applications");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    instances: [{name: i}, {name: i}]\n"))
                .hasMessageContaining("instance:i is declared twice");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    forms:\n      - {name: f, instance: i, inputs: [{name: x, type: color}]}\n"))
                .hasMessageContaining("input type must be text, number, boolean or enum, not color");
    }

    private static Map<String, CatalogEntry> read(final String yaml) {
        return CatalogFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
