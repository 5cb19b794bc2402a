package org.haven.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} (its own CA) made with the JDK's keytool, written as PEM: the
 * certificate, and the private key as PKCS#8, the forms PostgreSQL and Haven's clients read.
 */
record TlsFiles(Path certificate, Path privateKey) {

    static TlsFiles selfSigned(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        String password = "changeit-" + name;
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "EC", "-groupname",
                "secp256r1", "-alias", name, "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-ext", "BC:c=ca:true", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) keys.getKey(name, password.toCharArray());
            Path certificate = dir.resolve(name + ".crt");
            Path privateKey = dir.resolve(name + ".key");
            Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
            return new TlsFiles(certificate, privateKey);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return String.join("\n", List.of("-----BEGIN " + type + "-----", body, "-----END " + type + "-----", ""));
    }
}
