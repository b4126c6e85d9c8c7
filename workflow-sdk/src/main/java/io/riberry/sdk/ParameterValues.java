package io.riberry.sdk;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The instance's active dynamic parameters, as last published, telling {@code onChange} each one whose value changed (null when unset). */
final class ParameterValues {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterValues.class);

    private final String instance;
    private final BiConsumer<String, String> onChange;
    private final Map<String, String> current = new HashMap<>();

    ParameterValues(final String instance, final BiConsumer<String, String> onChange) {
        this.instance = instance;
        this.onChange = onChange;
    }

    synchronized Optional<String> get(final String name) {
        return Optional.ofNullable(current.get(name));
    }

    synchronized Map<String, String> all() {
        return Map.copyOf(current);
    }

    /** The platform published the instance's active values: tell each change, in no particular order. */
    void apply(final Map<String, String> next) {
        final Set<String> names = new HashSet<>(next.keySet());
        final Map<String, String> before;
        synchronized (this) {
            before = Map.copyOf(current);
            names.addAll(before.keySet());
            current.clear();
            current.putAll(next);
        }
        for (String name : names) {
            if (!Objects.equals(before.get(name), next.get(name))) {
                try {
                    onChange.accept(name, next.get(name));
                } catch (RuntimeException e) {
                    LOG.warn("Handler of parameter {} of {} failed on value {}", name, instance, next.get(name), e);
                }
            }
        }
    }
}
