package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sspijsse.schannel.CipherSuiteTable.Suite;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgContext;

class CipherSuiteTableTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(nullValues = "-", value = {
        // number, name, tls13, kx, auth, cipher, bits, prf, aiCipher, aiHash, aiExch, aiSignature
        "0x1301, TLS_AES_128_GCM_SHA256, true, -, -, AES_128_GCM, 128, SHA256, 0x660E, 0x800C, 0xAE06, 0",
        "0x1302, TLS_AES_256_GCM_SHA384, true, -, -, AES_256_GCM, 256, SHA384, 0x6610, 0x800D, 0xAE06, 0",
        "0x1303, TLS_CHACHA20_POLY1305_SHA256, true, -, -, CHACHA20_POLY1305, 256, SHA256, 0, 0x800C, 0xAE06, 0",
        "0xC02B, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false, ECDHE, ECDSA, AES_128_GCM, 128, SHA256,"
            + " 0x660E, 0x800C, 0xAE06, 0x2203",
        "0xC02C, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, false, ECDHE, ECDSA, AES_256_GCM, 256, SHA384,"
            + " 0x6610, 0x800D, 0xAE06, 0x2203",
        "0xC02F, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false, ECDHE, RSA, AES_128_GCM, 128, SHA256,"
            + " 0x660E, 0x800C, 0xAE06, 0x2400",
        "0xC030, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false, ECDHE, RSA, AES_256_GCM, 256, SHA384,"
            + " 0x6610, 0x800D, 0xAE06, 0x2400",
        "0xCCA9, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false, ECDHE, ECDSA, CHACHA20_POLY1305, 256,"
            + " SHA256, 0, 0x800C, 0xAE06, 0x2203",
        "0xCCA8, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, false, ECDHE, RSA, CHACHA20_POLY1305, 256,"
            + " SHA256, 0, 0x800C, 0xAE06, 0x2400",
    })
    void suite_eachRow_hasTheExpectedFields(String number, String name, boolean tls13, String kx, String auth,
            String cipher, int bits, String prf, String aiCipher, String aiHash, String aiExch, String aiSig) {
        Suite s = CipherSuiteTable.byNumber(Integer.decode(number));
        assertEquals(new Suite(Integer.decode(number), name, tls13, kx, auth, cipher, bits, prf,
                Integer.decode(aiCipher), Integer.decode(aiHash), Integer.decode(aiExch), Integer.decode(aiSig)), s);
        assertSame(s, CipherSuiteTable.byName(name));
    }

    @Test
    void suite_numbers_agreeWithBouncyCastle() {
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuiteTable.byName("TLS_AES_128_GCM_SHA256").number());
        assertEquals(CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuiteTable.byName("TLS_AES_256_GCM_SHA384").number());
        assertEquals(CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                CipherSuiteTable.byName("TLS_CHACHA20_POLY1305_SHA256").number());
        assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuiteTable.byName("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").number());
        assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuiteTable.byName("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").number());
        assertEquals(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuiteTable.byName("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").number());
        assertEquals(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                CipherSuiteTable.byName("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384").number());
        assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuiteTable.byName("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256").number());
        assertEquals(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuiteTable.byName("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256").number());
    }

    @ParameterizedTest(name = "{0}: header {1}, trailer {2}, block {3}")
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, 5, 17, 16",
        "TLS_AES_256_GCM_SHA384, 5, 17, 16",
        "TLS_CHACHA20_POLY1305_SHA256, 5, 17, 1",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 13, 16, 16",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 13, 16, 16",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 13, 16, 16",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 13, 16, 16",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 5, 16, 1",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 5, 16, 1",
    })
    void streamSizes_eachSuite_giveRecordOverheadAndBlockSize(String name, int header, int trailer, int block) {
        SecPkgContext.StreamSizes sizes = CipherSuiteTable.byName(name).streamSizes();
        assertEquals(header, sizes.cbHeader, "cbHeader");
        assertEquals(trailer, sizes.cbTrailer, "cbTrailer");
        assertEquals(16384, sizes.cbMaximumMessage, "cbMaximumMessage");
        assertEquals(4, sizes.cBuffers, "cBuffers");
        assertEquals(block, sizes.cbBlockSize, "cbBlockSize");
    }

    @Test
    void connectionInfo_tls13Client_reportsProtocolCipherHashAndExchange() {
        SecPkgContext.ConnectionInfo ci = CipherSuiteTable.byName("TLS_AES_256_GCM_SHA384").connectionInfo(true, 255);
        assertEquals(SchannelConstants.SP_PROT_TLS1_3_CLIENT, ci.dwProtocol);
        assertEquals(CipherSuiteTable.CALG_AES_256, ci.aiCipher);
        assertEquals(256, ci.dwCipherStrength);
        assertEquals(CipherSuiteTable.CALG_SHA_384, ci.aiHash);
        assertEquals(0, ci.dwHashStrength);
        assertEquals(CipherSuiteTable.CALG_ECDH_EPHEM, ci.aiExch);
        assertEquals(255, ci.dwExchStrength);
    }

    @Test
    void connectionInfo_tls12ServerChaCha_reportsNoCipherAlgId() {
        SecPkgContext.ConnectionInfo ci = CipherSuiteTable.byName("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                .connectionInfo(false, 256);
        assertEquals(SchannelConstants.SP_PROT_TLS1_2_SERVER, ci.dwProtocol);
        assertEquals(0, ci.aiCipher);
        assertEquals(256, ci.dwCipherStrength);
        assertEquals(CipherSuiteTable.CALG_SHA_256, ci.aiHash);
        assertEquals(256, ci.dwExchStrength);
    }

    @ParameterizedTest(name = "tls13={0} client={1} -> {2}")
    @CsvSource({"true, true, 0x2000", "true, false, 0x1000", "false, true, 0x800", "false, false, 0x400"})
    void protocolBits_versionAndSide_giveSpProtBit(boolean tls13, boolean client, String expected) {
        assertEquals((int) Integer.decode(expected), CipherSuiteTable.protocolBits(tls13, client));
    }

    private static List<String> names(List<Suite> suites) {
        return suites.stream().map(Suite::name).collect(Collectors.toList());
    }

    @Test
    void defaultOrder_withAesHardware_isTls13ThenEcdsaThenRsaWithAesFirst() {
        List<String> expected = List.of(
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertEquals(expected, names(CipherSuiteTable.defaultOrder()));
        assertEquals(expected, names(CipherSuiteTable.defaultOrder(true)));
    }

    @Test
    void defaultOrder_withoutAesHardware_putsChaChaFirstInEachGroup() {
        assertEquals(List.of(
                "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), names(CipherSuiteTable.defaultOrder(false)));
    }

    @Test
    void byNumber_unsupportedSuite_isNull() {
        assertNull(CipherSuiteTable.byNumber(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        assertNull(CipherSuiteTable.byNumber(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256));
    }

    @Test
    void byName_unknownOtherCaseOrNull_isNull() {
        assertNull(CipherSuiteTable.byName("TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertNull(CipherSuiteTable.byName("tls_aes_128_gcm_sha256"));
        assertNull(CipherSuiteTable.byName(null));
    }

    @Test
    void defaultOrder_isUnmodifiable() {
        assertThrows(UnsupportedOperationException.class,
                () -> CipherSuiteTable.defaultOrder().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> CipherSuiteTable.defaultOrder(false).clear());
    }
}
