package io.riberry.platform.api;

import io.riberry.platform.auth.Access;

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
        final Access access = request.access();
        final CatalogView catalog = catalogs.catalog();
        final List<InstanceDefinition> instances = catalog.all("instance:", InstanceDefinition.class);
        final List<FormDefinition> forms = catalog.all("form:", FormDefinition.class);
        final ArrayNode items = Json.MAPPER.createArrayNode();
        catalog.all("application:", ApplicationDefinition.class).stream()
                .filter(application -> access.canSeeApplication(application.getName()))
                .sorted(Comparator.comparing(ApplicationDefinition::getName))
                .forEach(application -> {
                    final ObjectNode item = AvroJson.toJson(application);
                    final ArrayNode ofInstances = item.putArray("instances");
                    instances.stream().filter(i -> i.getApplication().equals(application.getName()) && access.canSeeInstance(i.getName()))
                            .forEach(i -> ofInstances.add(i.getName()));
                    final ArrayNode ofForms = item.putArray("forms");
                    forms.stream().filter(f -> f.getApplication().equals(application.getName()) && access.canSeeForm(f.getName()))
                            .forEach(f -> ofForms.add(f.getName()));
                    items.add(item);
                });
        return ApiResponse.json(200, Map.of("items", items));
    }

    /** {@code GET /forms}: the forms the caller sees, by name, with the caller's role on each. */
    public ApiResponse forms(final ApiRequest request) {
        final Access access = request.access();
        final ArrayNode items = Json.MAPPER.createArrayNode();
        catalogs.catalog().all("form:", FormDefinition.class).stream()
                .filter(form -> access.canSeeForm(form.getName()))
                .sorted(Comparator.comparing(FormDefinition::getName))
                .forEach(form -> items.add(AvroJson.toJson(form).put("role", access.roleOn(form.getName()).orElseThrow().name())));
        return ApiResponse.json(200, Map.of("items", items));
    }

    public ApiResponse form(final ApiRequest request) {
        final CatalogView catalog = catalogs.catalog();
        final FormDefinition form = catalog.form(request.pathParam("name")).filter(f -> request.access().canSeeForm(f.getName()))
                .orElseThrow(() -> ApiException.notFound("no form " + request.pathParam("name")));
        return ApiResponse.json(200, AvroJson.toJson(form));
    }
}
