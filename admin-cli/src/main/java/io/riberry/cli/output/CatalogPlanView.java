package io.riberry.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.catalog.CatalogPlan;
import io.riberry.platform.catalog.FieldChange;
import io.riberry.platform.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** How a catalog import's plan reads: in a terminal, and as JSON for scripts. */
public final class CatalogPlanView {

    private CatalogPlanView() {
    }

    /** The scope, then one line per added, modified (each changed field below it) and deleted entity. */
    public static List<String> lines(final CatalogPlan plan) {
        final List<String> lines = new ArrayList<>();
        if (plan.scope().everything()) {
            lines.add("Scope: the whole catalog (--replace-all): whatever the file does not declare is deleted"
                    + (plan.scope().groups() ? "" : "; groups are left as they are (the file has no groups:)"));
        } else {
            final String others = plan.untouchedApplications().isEmpty() ? ""
                    : "; left as they are: " + String.join(", ", plan.untouchedApplications());
            final String applications = plan.scope().applications().isEmpty() ? ""
                    : "applications " + String.join(", ", new TreeSet<>(plan.scope().applications()));
            final String groups = !plan.scope().groups() ? ""
                    : (applications.isEmpty() ? "" : " and ") + "every group (the file has groups:, so it defines them all)";
            lines.add("Scope: " + applications + groups + others);
        }
        plan.diff().added().forEach(id -> lines.add("Added: " + id));
        plan.diff().modified().forEach(id -> {
            lines.add("Modified: " + id);
            plan.diff().changesOf(id).forEach(change -> lines.add("    " + change));
        });
        plan.diff().deleted().forEach(id -> lines.add("Deleted: " + id));
        return lines;
    }

    /** {@code 2 added, 1 modified, 3 deleted}. */
    public static String counts(final CatalogPlan plan) {
        return plan.diff().added().size() + " added, " + plan.diff().modified().size() + " modified, " + plan.diff().deleted().size()
                + " deleted";
    }

    public static ObjectNode json(final String file, final CatalogPlan plan, final boolean committed) {
        final ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file", file);
        final ObjectNode scope = node.putObject("scope");
        scope.put("wholeCatalog", plan.scope().everything());
        scope.put("groups", plan.scope().groups());
        new TreeSet<>(plan.scope().applications()).forEach(scope.putArray("applications")::add);
        plan.untouchedApplications().forEach(scope.putArray("untouchedApplications")::add);
        plan.diff().added().forEach(node.putArray("added")::add);
        final ArrayNode modified = node.putArray("modified");
        plan.diff().modified().forEach(id -> {
            final ObjectNode entity = modified.addObject().put("id", id);
            final ArrayNode changes = entity.putArray("changes");
            for (FieldChange change : plan.diff().changesOf(id)) {
                changes.addObject().put("field", change.field()).put("before", change.before()).put("after", change.after());
            }
        });
        plan.diff().deleted().forEach(node.putArray("deleted")::add);
        node.put("committed", committed);
        return node;
    }
}
