package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Catalog files written inline in the tests, and a published catalog made of them. */
final class CatalogYamls {

    /** Two teams: demo (an instance with a parameter schedule, two forms, a cron schedule) and billing. */
    static final String TWO_TEAMS = """
            applications:
              - name: demo
                instances:
                  - name: demo-local
                    schedules:
                      - {name: greeting, parameter: greeting, value: Hello}
                forms:
                  - name: hello
                    instance: demo-local
                    inputs:
                      - {name: name, required: true}
                    schedules:
                      - {name: minutely-hello, cron: "* * * * *", inputs: {name: the scheduler}}
                  - {name: fail, instance: demo-local}
              - name: billing
                description: Bills
                instances:
                  - name: billing-local
                    schedules:
                      - {name: night-only, parameter: accept, value: "N", start: "06:00", end: "22:00"}
                forms:
                  - name: invoice
                    instance: billing-local
                    description: Bills a customer
                    schedules:
                      - {name: nightly, cron: "0 2 * * *", timezone: Europe/Paris}
            """;

    private CatalogYamls() {
    }

    static CatalogDocument parse(final String yaml) {
        return CatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "team.yaml");
    }

    /** A catalog as {@link CatalogReader} answers it: sorted by id. */
    static Map<String, CatalogEntry> published(final String yaml) {
        return new TreeMap<>(parse(yaml).entriesOrThrow());
    }
}
