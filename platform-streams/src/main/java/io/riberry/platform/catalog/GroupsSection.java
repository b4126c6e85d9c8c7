package io.riberry.platform.catalog;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code groups:} list of a catalog file: who may see and do what with which forms. Checked
 * like the rest of the file (names, members, role words, counts), each problem at its line and
 * column. The forms a group grants are returned as {@link CatalogDocument.Grant}s, for the parser
 * to tell apart those the file defines from those the published catalog must have.
 *
 * <p>Members and grants are kept sorted: their order means nothing, and a file that only reorders
 * them must not read as a modified group.
 */
final class GroupsSection {

    static final Set<String> GROUP_KEYS = Set.of("name", "description", "members", "forms", "administrators");

    /** Bounds that keep one group's record far below Kafka's default 1 MB message size. */
    static final int MAX_GROUPS = 1000;
    static final int MAX_MEMBERS = 1000;
    static final int MAX_MEMBER_LENGTH = 256;
    static final int MAX_GRANTS = 1000;
    static final int MAX_NAME_LENGTH = 128;

    /**
     * Letters, digits, . _ - / @ and single inner spaces: wide enough for the group names identity
     * providers put in a token's groups claim ({@code finance}, {@code /finance}, {@code Finance Team}).
     */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@/-]+( [\\p{L}\\p{N}._@/-]+)*");

    /** Keeps an entity unless its id is taken; answers whether it was kept. */
    interface Registry {
        boolean register(String id, Object entity, FileLocation location);
    }

    private final Problems problems;
    private final Registry registry;
    private final List<CatalogDocument.Grant> grants = new ArrayList<>();

    GroupsSection(final Problems problems, final Registry registry) {
        this.problems = problems;
        this.registry = registry;
    }

    /** Reads the catalog's {@code groups} list; answers every form grant read, for the caller to resolve. */
    List<CatalogDocument.Grant> read(final YamlMapping catalog) {
        final List<YamlMapping.Item> items = catalog.list("groups");
        if (items.size() > MAX_GROUPS) {
            catalog.problem("groups", "a catalog has at most " + MAX_GROUPS + " groups, not " + items.size());
        }
        items.forEach(this::group);
        return grants;
    }

    private void group(final YamlMapping.Item item) {
        YamlMapping.read(item.node(), item.path(), "a group", GROUP_KEYS, problems).ifPresent(group -> {
            final int before = problems.count();
            final Optional<String> name = group.required("name").filter(n -> validName(group, n));
            final GroupDefinition definition = GroupDefinition.newBuilder()
                    .setName(name.orElse(""))
                    .setDescription(group.text("description", ""))
                    .setMembers(members(group))
                    .setForms(forms(group, name.orElse("")))
                    .setAdministrators(group.bool("administrators", false))
                    .build();
            if (problems.count() == before) {
                registry.register(CatalogView.groupId(name.get()), definition, group.location());
            }
        });
    }

    private boolean validName(final YamlMapping group, final String name) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            group.problem("name", "a group name is at most " + MAX_NAME_LENGTH + " letters, digits, single inner spaces and . _ - / @,"
                    + " not \"" + printable(name) + "\"");
            return false;
        }
        return true;
    }

    private List<String> members(final YamlMapping group) {
        final List<YamlMapping.Located> members = group.locatedTexts("members");
        if (members.size() > MAX_MEMBERS) {
            group.problem("members", "a group has at most " + MAX_MEMBERS + " members, not " + members.size());
        }
        final Map<String, FileLocation> seen = new HashMap<>();
        for (YamlMapping.Located member : members) {
            memberProblem(member.value()).ifPresent(problem -> problems.add(member.location(), problem));
            final FileLocation first = seen.putIfAbsent(member.value(), member.location());
            if (first != null) {
                problems.add(member.location(), "member \"" + printable(member.value()) + "\" is listed twice in this group (first at "
                        + first.position() + ")");
            }
        }
        return new ArrayList<>(new TreeSet<>(seen.keySet()));
    }

    /** A member is a subject as an authenticator names it: any text, but not blank, padded, overlong or with control characters. */
    private static Optional<String> memberProblem(final String member) {
        if (member.isBlank()) {
            return Optional.of("a member must not be empty");
        }
        if (member.length() > MAX_MEMBER_LENGTH) {
            return Optional.of("a member is at most " + MAX_MEMBER_LENGTH + " characters, not " + member.length());
        }
        if (member.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("member \"" + printable(member) + "\" has a control character");
        }
        if (!member.strip().equals(member)) {
            return Optional.of("member \"" + member + "\" starts or ends with a space");
        }
        return Optional.empty();
    }

    /** {@code forms: {invoice: operator}}: each form the group's members may see, with their role on it. */
    private List<FormGrant> forms(final YamlMapping group, final String name) {
        final Optional<Node> value = group.value("forms");
        if (value.isEmpty()) {
            return new ArrayList<>();
        }
        final List<FormGrant> forms = new ArrayList<>();
        YamlMapping.read(value.get(), group.path("forms"), "\"forms\" (form: role)", null, problems).ifPresent(mapping -> {
            if (mapping.keys().size() > MAX_GRANTS) {
                group.problem("forms", "a group grants at most " + MAX_GRANTS + " forms, not " + mapping.keys().size());
            }
            for (String form : mapping.keys()) {
                if (form.isBlank()) {
                    mapping.problem(form, "a form name must not be empty");
                    continue;
                }
                role(mapping, form).ifPresent(role -> {
                    forms.add(new FormGrant(form, role));
                    grants.add(new CatalogDocument.Grant(name, form, mapping.location(form)));
                });
            }
        });
        forms.sort(Comparator.comparing(FormGrant::getForm));
        return forms;
    }

    private static Optional<FormRole> role(final YamlMapping forms, final String form) {
        final Optional<String> word = forms.text(form);
        if (word.isEmpty()) {
            if (forms.value(form).isEmpty()) {
                forms.problemWithKey(form, "the role on form \"" + form + "\" is required: viewer, operator or manager");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(FormRole.valueOf(word.get().strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            forms.problem(form, "a role is viewer, operator or manager, not \"" + printable(word.get()) + "\"");
            return Optional.empty();
        }
    }

    /** A value for a message, with control characters shown as escapes rather than written to the terminal. */
    private static String printable(final String text) {
        final StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return shown.toString();
    }
}
