package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.topics.RiberryTopics;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riberry topics create}: creates Riberry's topics (and instances' dispatch topics) where they are missing. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage Riberry's topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** {@code riberry topics create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create missing topics.")
    public static final class Create extends RiberryCommand {

        @Option(names = "--prefix", description = "Topic prefix (default riberry.).")
        String prefix = RiberryTopics.DEFAULT_PREFIX;

        @Option(names = "--partitions", description = "Partitions of each new topic (default 4).")
        int partitions = 4;

        @Option(names = "--replication-factor", description = "Replication factor of each new topic (default 1).")
        short replicationFactor = 1;

        @Option(names = "--instance", description = "Also create this instance's dispatch topic; repeat for more.")
        List<String> instances = List.of();

        @Override
        public Integer call() {
            requireReachableKafka();
            final List<String> created = TopicAdmin.ensureTopics(global().kafka(), new RiberryTopics(prefix), instances,
                    partitions, replicationFactor);
            printer().line(created.isEmpty() ? "All topics exist." : "Created " + String.join(", ", created));
            return ExitCodes.OK;
        }
    }
}
