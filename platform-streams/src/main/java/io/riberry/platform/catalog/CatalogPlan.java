package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InstanceDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What importing a catalog file would do to the published catalog. By default the import is
 * scoped to the applications the file defines: only they and what belongs to them (see
 * {@link CatalogOwners}) are compared, added, modified and deleted, so teams sharing one catalog
 * each import their own file. {@link CatalogScope#wholeCatalog} makes the file the whole catalog.
 * Groups are system-wide: a file with a {@code groups:} list defines all of them (groups it lacks
 * are deleted), a file without one leaves them as they are, whatever the scope of its applications.
 *
 * <p>A plan is refused ({@link #problems()} not empty) when the file has problems of its own, when
 * it declares an entity another application already owns (a scoped import must not take over
 * another team's instance or form), or when a deletion would leave another application's form
 * without its instance, or a group grant a form that is not in the catalog once imported (see
 * {@link GroupGrants}).
 */
public record CatalogPlan(CatalogScope scope, CatalogDiff diff, Map<String, CatalogEntry> wanted, Map<String, Optional<String>> untouched,
                          List<CatalogProblem> problems) {

    public CatalogPlan {
        wanted = Collections.unmodifiableMap(new LinkedHashMap<>(wanted));
        untouched = Collections.unmodifiableMap(new LinkedHashMap<>(untouched));
        problems = List.copyOf(problems);
    }

    /** The plan importing {@code file} into {@code current}, within the file's applications or, if asked, the whole catalog. */
    public static CatalogPlan of(final CatalogDocument file, final Map<String, CatalogEntry> current, final boolean wholeCatalog) {
        final CatalogScope scope = wholeCatalog ? CatalogScope.wholeCatalog(file.definesGroups())
                : CatalogScope.applications(file.applicationNames(), file.definesGroups());
        final Map<String, CatalogEntry> inScope = new LinkedHashMap<>();
        final Map<String, Optional<String>> untouched = new LinkedHashMap<>();
        current.forEach((id, entry) -> {
            final Optional<String> owner = owner(entry, current, file.entries());
            if (scope.covers(entry, owner)) {
                inScope.put(id, entry);
            } else {
                untouched.put(id, owner);
            }
        });
        final List<CatalogProblem> problems = new ArrayList<>(file.problems());
        final CatalogDiff diff = CatalogDiff.between(inScope, file.entries());
        if (!wholeCatalog) {
            problems.addAll(takenOver(file, untouched));
            problems.addAll(orphanedForms(file, current, diff, untouched));
        }
        problems.addAll(GroupGrants.problems(file, current, diff, untouched, wholeCatalog));
        problems.sort(CatalogProblem.IN_FILE_ORDER);
        return new CatalogPlan(scope, diff, file.entries(), untouched, problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The records to publish: added and modified entries, and a tombstone for each deletion. */
    public Map<String, CatalogEntry> records() {
        return diff.records(wanted);
    }

    public int deletions() {
        return diff.deleted().size();
    }

    /** The applications whose entities this import leaves as they are, sorted; entities whose owner cannot be told are left out. */
    public Set<String> untouchedApplications() {
        final Set<String> applications = new TreeSet<>();
        untouched.values().forEach(owner -> owner.ifPresent(applications::add));
        return applications;
    }

    /**
     * The owner as published; a schedule whose instance or form is missing from the published
     * catalog belongs to whoever declares that instance or form in the file.
     */
    private static Optional<String> owner(final CatalogEntry entry, final Map<String, CatalogEntry> current,
                                          final Map<String, CatalogEntry> file) {
        return CatalogOwners.owner(entry, current).or(() -> CatalogOwners.owner(entry, file));
    }

    /** Entities of the file that another application, outside this import, already owns. */
    private static List<CatalogProblem> takenOver(final CatalogDocument file, final Map<String, Optional<String>> untouched) {
        final List<CatalogProblem> problems = new ArrayList<>();
        file.entries().keySet().forEach(id -> {
            final Optional<String> owner = untouched.getOrDefault(id, Optional.empty());
            owner.ifPresent(other -> problems.add(new CatalogProblem(file.source(), file.locationOf(id),
                    CatalogOwners.describe(id) + " already belongs to application \"" + other + "\", which this file does not define"
                            + " (rename it, or import the whole catalog with --replace-all)")));
        });
        return problems;
    }

    /** Deleted instances that forms of other applications still run on. */
    private static List<CatalogProblem> orphanedForms(final CatalogDocument file, final Map<String, CatalogEntry> current,
                                                      final CatalogDiff diff, final Map<String, Optional<String>> untouched) {
        final List<CatalogProblem> problems = new ArrayList<>();
        for (String deleted : diff.deleted()) {
            if (!(current.get(deleted).getEntity() instanceof InstanceDefinition instance)) {
                continue;
            }
            untouched.keySet().stream().map(current::get)
                    .filter(entry -> entry.getEntity() instanceof FormDefinition form && form.getInstance().equals(instance.getName()))
                    .forEach(entry -> {
                        final FormDefinition form = (FormDefinition) entry.getEntity();
                        problems.add(new CatalogProblem(file.source(),
                                file.applications().getOrDefault(instance.getApplication(), FileLocation.START),
                                "this file no longer declares instance \"" + instance.getName() + "\", but form \"" + form.getName()
                                        + "\" of application \"" + form.getApplication() + "\" runs on it"));
                    });
        }
        return problems;
    }
}
