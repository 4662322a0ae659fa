package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

class PemTest {
    private static final Provider BC = new BouncyCastleProvider();

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void aPkcs8KeyOfEveryType_isReadWithTheJdk_andSignsForItsCertificate(KeyType type, @TempDir Path dir)
            throws Exception {
        Issued issued = TestPki.create().server(type);
        Issued.PemFiles pem = issued.writePem(dir);
        PrivateKey key = Pem.readPrivateKey(pem.key());
        X509Certificate[] chain = Pem.readCertificates(pem.chain());
        assertEquals(issued.chain().length, chain.length);
        byte[] message = "sspi-jsse".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(type.signatureAlgorithm(), BC);
        signer.initSign(key);
        signer.update(message);
        Signature verifier = Signature.getInstance(type.signatureAlgorithm(), BC);
        verifier.initVerify(chain[0].getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signer.sign()), type + " key read as " + key.getAlgorithm());
    }

    @Test
    void aTraditionalRsaKey_isRefused_withTheOpensslCommandThatConvertsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rsa.pem");
        Files.writeString(file, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK==\n-----END RSA PRIVATE KEY-----\n");
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> Pem.readPrivateKey(file));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void aFileWithoutAKey_isRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cert-only.pem");
        Files.writeString(file, Issued.pem(TestPki.create().root()));
        assertThrows(InvalidKeySpecException.class, () -> Pem.readPrivateKey(file));
    }
}
