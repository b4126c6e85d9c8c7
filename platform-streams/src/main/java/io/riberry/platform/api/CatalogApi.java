package io.riberry.platform.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.CatalogQueries;
import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InstanceDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The catalog, from the global store every instance holds: {@code GET /applications}, {@code GET /forms/{name}}. */
public final class CatalogApi {

    private final CatalogQueries catalogs;

    public CatalogApi(final CatalogQueries catalogs) {
        this.catalogs = catalogs;
    }

    /** Applications with their instances and forms, by name. */
    public ApiResponse applications(final ApiRequest request) {
        final CatalogView catalog = catalogs.catalog();
        final List<InstanceDefinition> instances = catalog.all("instance:", InstanceDefinition.class);
        final List<FormDefinition> forms = catalog.all("form:", FormDefinition.class);
        final ArrayNode items = Json.MAPPER.createArrayNode();
        catalog.all("application:", ApplicationDefinition.class).stream()
                .sorted(Comparator.comparing(ApplicationDefinition::getName))
                .forEach(application -> {
                    final ObjectNode item = AvroJson.toJson(application);
                    final ArrayNode ofInstances = item.putArray("instances");
                    instances.stream().filter(i -> i.getApplication().equals(application.getName()))
                            .forEach(i -> ofInstances.add(i.getName()));
                    final ArrayNode ofForms = item.putArray("forms");
                    forms.stream().filter(f -> f.getApplication().equals(application.getName()))
                            .forEach(f -> ofForms.add(f.getName()));
                    items.add(item);
                });
        return ApiResponse.json(200, Map.of("items", items));
    }

    public ApiResponse form(final ApiRequest request) {
        final CatalogView catalog = catalogs.catalog();
        final FormDefinition form = catalog.form(request.pathParam("name"))
                .orElseThrow(() -> ApiException.notFound("no form " + request.pathParam("name")));
        return ApiResponse.json(200, AvroJson.toJson(form));
    }
}
