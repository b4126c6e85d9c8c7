package io.riberry.platform.testing;

import io.riberry.platform.dev.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made at run time with the JDK's {@code keytool}: a self-signed CA, a broker key
 * whose certificate the CA signed for {@code 127.0.0.1} and {@code localhost}, and a truststore
 * holding only the CA, as a client of a real cluster has it. Nothing is checked in, nothing
 * outlives the test's directory.
 */
public record SelfSignedTls(EmbeddedKafkaBroker.TlsKeystore brokerKeystore, Path truststore, String truststorePassword) {

    private static final String SUBJECT_NAMES = "SAN=ip:127.0.0.1,dns:localhost";

    /** Writes the CA, the broker keystore and the client truststore (all PKCS12) under {@code dir}. */
    public static SelfSignedTls generate(final Path dir) {
        final String password = UUID.randomUUID().toString();
        final Path ca = dir.resolve("ca.p12");
        final Path caCertificate = dir.resolve("ca.pem");
        final Path broker = dir.resolve("broker.p12");
        final Path request = dir.resolve("broker.csr");
        final Path brokerCertificate = dir.resolve("broker.pem");
        final Path truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=riberry-test-ca", "-ext", "bc:c", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caCertificate.toString(), "-keystore", ca.toString(), "-storepass", password);
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-ext", SUBJECT_NAMES, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-keystore", broker.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "broker", "-file", request.toString(), "-keystore", broker.toString(), "-storepass", password);
        // The SAN goes on the signed certificate too: the CA copies no extension from the request unless told.
        keytool("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(), "-outfile", brokerCertificate.toString(),
                "-ext", SUBJECT_NAMES, "-validity", "2", "-keystore", ca.toString(), "-storepass", password);
        // The CA first, so the signed reply is accepted as a chain ending at a trusted root.
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(), "-keystore", broker.toString(),
                "-storepass", password);
        keytool("-importcert", "-alias", "broker", "-file", brokerCertificate.toString(), "-keystore", broker.toString(),
                "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        return new SelfSignedTls(new EmbeddedKafkaBroker.TlsKeystore(broker, password), truststore, password);
    }

    private static void keytool(final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
