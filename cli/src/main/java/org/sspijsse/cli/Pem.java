package org.sspijsse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM files: certificates in and out, an unencrypted PKCS#8 private key in and out. */
final class Pem {
    private Pem() {
    }

    /** One PEM block: the DER in base64 lines of 64 characters between BEGIN and END lines. */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static String certificates(X509Certificate... certs) throws CertificateEncodingException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(encode("CERTIFICATE", c.getEncoded()));
        }
        return sb.toString();
    }

    /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}). */
    static String privateKey(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    static void write(Path file, String pem) throws IOException {
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** Every certificate in a PEM (or DER) file; an error if there is none. */
    static X509Certificate[] readCertificates(Path file) throws IOException, CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate in " + file);
        }
        return out.toArray(new X509Certificate[0]);
    }

    /** The key algorithms {@link #readPrivateKey} tries, in order (the JDK's KeyFactory names). */
    static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "RSASSA-PSS");

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    /**
     * The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) in a PEM file: RSA, EC, Ed25519 or
     * RSASSA-PSS, each tried with the JDK's KeyFactory. Other forms are refused with a hint.
     */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                return privateKey(der, file);
            }
            if (label.endsWith("PRIVATE KEY")) {
                throw new InvalidKeySpecException(file + " holds a '" + label + "' block; convert it to unencrypted"
                        + " PKCS#8 first: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
            }
        }
        throw new InvalidKeySpecException("no 'BEGIN PRIVATE KEY' block in " + file);
    }

    private static PrivateKey privateKey(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // Not this algorithm: try the next one.
            }
        }
        throw new InvalidKeySpecException("the key in " + file + " is none of " + String.join(", ", KEY_ALGORITHMS));
    }
}
