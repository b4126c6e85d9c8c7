package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.GroupDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forms groups grant, checked against the catalog as an import would leave it: a grant of a
 * form that is not there is refused, as a form's instance is. Forms are named globally, so a grant
 * left behind would silently cover whichever application later defines a form of that name.
 */
final class GroupGrants {

    private GroupGrants() {
    }

    /**
     * The file's groups may grant only forms of the file or of the applications the import leaves
     * as they are; and the import must not delete a form that a group it leaves as it is grants.
     */
    static List<CatalogProblem> problems(final CatalogDocument file, final Map<String, CatalogEntry> current, final CatalogDiff diff,
                                         final Map<String, Optional<String>> untouched, final boolean wholeCatalog) {
        final Map<String, CatalogEntry> after = new HashMap<>();
        untouched.keySet().forEach(id -> after.put(id, current.get(id)));
        after.putAll(file.entries());
        final List<CatalogProblem> problems = new ArrayList<>(file.ungrantable(after, wholeCatalog ? "which this file does not define"
                : "which neither this file nor an application it leaves as it is defines"));
        for (String deleted : diff.deleted()) {
            if (current.get(deleted).getEntity() instanceof FormDefinition form) {
                untouched.keySet().stream().map(current::get)
                        .filter(entry -> entry.getEntity() instanceof GroupDefinition group && grants(group, form.getName()))
                        .forEach(entry -> problems.add(new CatalogProblem(file.source(),
                                file.applications().getOrDefault(form.getApplication(), FileLocation.START),
                                "this file no longer declares form \"" + form.getName() + "\", but group \""
                                        + ((GroupDefinition) entry.getEntity()).getName() + "\" grants it (remove the grant first,"
                                        + " or in the same import: a file with groups: defines every group)")));
            }
        }
        return problems;
    }

    private static boolean grants(final GroupDefinition group, final String form) {
        return group.getForms().stream().map(FormGrant::getForm).anyMatch(form::equals);
    }
}
