package io.riberry.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.topics.RiberryTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The ACL recipes as {@code docs/security.md} shows them: each block of {@code kafka-acls.sh}
 * commands there is what {@link KafkaAclRecipes#kafkaAclsCommands} renders for the doc's example
 * names, so the doc says exactly what {@code KafkaSecurityIT} grants. Run with
 * {@code -Driberry.docs.update=true} to write the blocks after changing a recipe.
 */
class KafkaAclRecipesTest {

    private static final Path DOC = Path.of("..", "docs", "security.md");
    private static final RiberryTopics TOPICS = RiberryTopics.withDefaultPrefix();
    /** The doc's example: the default application id and the example worker's instance (examples/invoices-worker). */
    private static final Map<String, List<AclBinding>> DOCUMENTED = Map.of(
            "platform", KafkaAclRecipes.platform("User:riberry-platform", TOPICS, "riberry-platform"),
            "worker", KafkaAclRecipes.worker("User:worker-invoices-1", TOPICS, "invoices-1"),
            "submitter", KafkaAclRecipes.submitter("User:submitter", TOPICS));

    @Test
    void shouldShowInTheDocExactlyTheAclsOfEachRecipe() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (Map.Entry<String, List<AclBinding>> recipe : DOCUMENTED.entrySet()) {
            final Pattern block = Pattern.compile("(<!-- acls:" + recipe.getKey() + " -->\n)(.*?)(<!-- /acls:" + recipe.getKey() + " -->)",
                    Pattern.DOTALL);
            final Matcher found = block.matcher(doc);
            assertThat(found.find()).as("a block <!-- acls:%s --> ... <!-- /acls:%s --> in %s", recipe.getKey(), recipe.getKey(), DOC)
                    .isTrue();
            final String rendered = "```sh\n" + KafkaAclRecipes.kafkaAclsCommands(recipe.getValue()) + "```\n";
            if (Boolean.getBoolean("riberry.docs.update")) {
                doc = doc.substring(0, found.start(2)) + rendered + doc.substring(found.end(2));
            } else {
                assertThat(found.group(2)).as("the %s ACLs in %s (run this test with -Driberry.docs.update=true to write them)",
                        recipe.getKey(), DOC).isEqualTo(rendered);
            }
        }
        if (Boolean.getBoolean("riberry.docs.update")) {
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldRenderOneCommandPerPrincipalAndResourceWithEveryOperation() {
        final ResourcePattern prefixed = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "app", PatternType.PREFIXED);
        final List<AclBinding> bindings = List.of(
                new AclBinding(prefixed, new AccessControlEntry("User:a", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(prefixed, new AccessControlEntry("User:a", "*", AclOperation.DESCRIBE_CONFIGS, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "g", PatternType.LITERAL),
                        new AccessControlEntry("User:a", "*", AclOperation.READ, AclPermissionType.ALLOW)));

        assertThat(KafkaAclRecipes.kafkaAclsCommands(bindings)).isEqualTo("""
                kafka-acls.sh $ADMIN --add --allow-principal User:a \\
                  --operation Write --operation DescribeConfigs --transactional-id app --resource-pattern-type prefixed
                kafka-acls.sh $ADMIN --add --allow-principal User:a \\
                  --operation Read --group g
                """);
    }

    @Test
    void shouldKeepAWorkerToItsOwnInstanceAndOutOfWhatThePlatformWrites() {
        final List<AclBinding> worker = KafkaAclRecipes.worker("User:worker-x", TOPICS, "x");

        assertThat(worker).extracting(binding -> binding.pattern().patternType()).containsOnly(PatternType.LITERAL);
        assertThat(resourcesAllowed(worker, AclOperation.WRITE))
                .containsExactlyInAnyOrder(TOPICS.events(), TOPICS.heartbeats(), TOPICS.artifactChunks());
        assertThat(resourcesAllowed(worker, AclOperation.READ))
                .containsExactlyInAnyOrder(TOPICS.dispatch("x"), TOPICS.commands(), TOPICS.parameters(), TOPICS.catalog(), "riberry.worker.x");
    }

    @Test
    void shouldLetASubmitterOnlyWriteJobs() {
        assertThat(KafkaAclRecipes.submitter("User:s", TOPICS))
                .extracting(binding -> binding.pattern().name() + " " + binding.entry().operation())
                .containsExactly(TOPICS.jobInputs() + " WRITE", TOPICS.jobInputs() + " DESCRIBE");
    }

    private static List<String> resourcesAllowed(final List<AclBinding> bindings, final AclOperation operation) {
        return bindings.stream().filter(binding -> binding.entry().operation() == operation).map(binding -> binding.pattern().name()).toList();
    }
}
