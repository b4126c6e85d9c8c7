package io.riberry.platform.testing;

import io.riberry.platform.dev.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made at run time with the JDK's {@code keytool}: a self-signed CA, a broker key
 * whose certificate the CA signed for {@code 127.0.0.1} and {@code localhost}, and a truststore
 * holding only the CA, as a client of a real cluster has it. Nothing is checked in, nothing
 * outlives the test's directory.
 */
public record SelfSignedTls(EmbeddedKafkaBroker.TlsKeystore brokerKeystore, Path truststore, String truststorePassword) {

    private static final String SUBJECT_NAMES = "SAN=ip:127.0.0.1,dns:localhost";
    /** keytool runs briefly: a JVM tuned to start fast, not to run long. */
    private static final List<String> QUICK_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto");

    /** Writes the CA, the broker keystore and the client truststore (all PKCS12) under {@code dir}. */
    public static SelfSignedTls generate(final Path dir) {
        final String password = UUID.randomUUID().toString();
        final Path ca = dir.resolve("ca.p12");
        final Path caCertificate = dir.resolve("ca.pem");
        final Path broker = dir.resolve("broker.p12");
        final Path request = dir.resolve("broker.csr");
        final Path brokerCertificate = dir.resolve("broker.pem");
        final Path truststore = dir.resolve("truststore.p12");
        // Each keytool is a JVM of its own, mostly waiting to start: the steps that touch different
        // files run side by side (on threads of their own: the common pool may have just one).
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            final CompletableFuture<Void> caMade = CompletableFuture.runAsync(() -> {
                keyPair("ca", "CN=riberry-test-ca", "bc:c", ca, password);
                keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caCertificate.toString(), "-keystore", ca.toString(),
                        "-storepass", password);
            }, threads);
            final CompletableFuture<Void> requestMade = CompletableFuture.runAsync(() -> {
                keyPair("broker", "CN=localhost", SUBJECT_NAMES, broker, password);
                keytool("-certreq", "-alias", "broker", "-file", request.toString(), "-keystore", broker.toString(), "-storepass", password);
            }, threads);
            final CompletableFuture<Void> trusted = caMade.thenRunAsync(() -> keytool("-importcert", "-noprompt", "-alias", "ca",
                    "-file", caCertificate.toString(), "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password),
                    threads);
            final CompletableFuture<Void> bothKeys = CompletableFuture.allOf(caMade, requestMade);
            // The SAN goes on the signed certificate too: the CA copies no extension from the request unless told.
            final CompletableFuture<Void> signed = bothKeys.thenRunAsync(() -> keytool("-gencert", "-rfc", "-alias", "ca",
                    "-infile", request.toString(), "-outfile", brokerCertificate.toString(), "-ext", SUBJECT_NAMES, "-validity", "2",
                    "-keystore", ca.toString(), "-storepass", password), threads);
            // The CA first, so the signed reply is accepted as a chain ending at a trusted root.
            final CompletableFuture<Void> rooted = bothKeys.thenRunAsync(() -> keytool("-importcert", "-noprompt", "-alias", "ca",
                    "-file", caCertificate.toString(), "-keystore", broker.toString(), "-storepass", password), threads);
            final CompletableFuture<Void> chained = CompletableFuture.allOf(signed, rooted).thenRun(() -> keytool("-importcert",
                    "-alias", "broker", "-file", brokerCertificate.toString(), "-keystore", broker.toString(), "-storepass", password));
            CompletableFuture.allOf(chained, trusted).join();
        } finally {
            threads.shutdownNow();
        }
        return new SelfSignedTls(new EmbeddedKafkaBroker.TlsKeystore(broker, password), truststore, password);
    }

    /** An EC key and its self-signed certificate: EC keys take a fraction of an RSA key's time, and every TLS version takes them. */
    private static void keyPair(final String alias, final String subject, final String extension, final Path keystore, final String password) {
        keytool("-genkeypair", "-alias", alias, "-dname", subject, "-ext", extension, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
    }

    private static void keytool(final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(QUICK_JVM);
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
