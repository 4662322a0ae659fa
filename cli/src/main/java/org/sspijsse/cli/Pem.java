package org.sspijsse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM files: certificates in and out, a PKCS#8 private key out (for peers such as openssl). */
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
}
