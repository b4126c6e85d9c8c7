package io.riberry.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate SpecificRecord classes outside trusted packages. Our generated
 * classes live under {@code io.riberry.schema}; trust them once per JVM, whatever the system
 * properties say, so a user's process needs no flag.
 */
final class AvroTrust {

    private static final String TRUSTED_PREFIX = "io.riberry.schema.";
    private static volatile boolean installed;

    private AvroTrust() {
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (AvroTrust.class) {
            if (!installed) {
                final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(type -> type.getName().startsWith(TRUSTED_PREFIX) || previous.isTrusted(type));
                installed = true;
            }
        }
    }
}
