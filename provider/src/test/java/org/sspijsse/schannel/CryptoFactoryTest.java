package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoFactoryTest {
    @ParameterizedTest(name = "{0} -> BC first: {1}")
    @CsvSource({
        "AES/GCM/NoPadding, false",
        "HmacSHA256, false",
        "SHA-256, false",
        "SHA256withRSA, false",
        "RSASSA-PSS, false",
        "SHA256withRSAandMGF1, true",
        "SHA256withECDSA, true",
        "EC, true",
        "ECDH, true",
        "X25519, true",
        "XDH, true",
        "Ed25519, true",
        "ChaCha7539, true",
        "Poly1305, true",
    })
    void prefersBc_routesEachAlgorithmToTheFasterProvider(String algorithm, boolean bc) {
        assertEquals(bc, CryptoFactory.prefersBc(algorithm));
    }

    @ParameterizedTest
    @CsvSource({"AES/GCM/NoPadding, SunJCE", "ChaCha7539, BC"})
    void crypto_ciphersComeFromTheChosenProvider(String algorithm, String provider) throws Exception {
        javax.crypto.Cipher c = CryptoFactory.crypto().getHelper().createCipher(algorithm);
        assertEquals(provider, c.getProvider().getName());
    }
}
