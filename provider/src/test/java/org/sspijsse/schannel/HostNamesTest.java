package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.0.10",
        "::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:1",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:192.0.2.1", "[::1]", "[2001:db8::1]", "fe80::1%eth0", "[fe80::1%25eth0]", "fe80::1%3",
    })
    void isIpLiteral_literal_isTrue(String target) {
        assertTrue(HostNames.isIpLiteral(target));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "example.com", "localhost", "1.2.3", "127.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "010.0.0.1",
        "1.2.3.4.", "1..3.4", "0x7f.0.0.1", "1.2.3.4%eth0", "[1.2.3.4]", "[::1", "::1]", "[]",
        ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
        "g::1", "1:2:3:4:5:6:7:8::", "::1%", "1.2.3.4::", "::1.2.3", "::256.1.1.1", "2001:db8::1:port",
        "\u0661.\u0662.\u0663.\u0664", " 1.2.3.4", "example.com:443",
    })
    void isIpLiteral_notALiteral_isFalse(String target) {
        assertFalse(HostNames.isIpLiteral(target));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void isIpLiteral_nullOrEmpty_isFalse(String target) {
        assertFalse(HostNames.isIpLiteral(target));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.0.2.1", "::", "::1", "2001:db8::1", "::ffff:192.0.2.1", "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8", "64:ff9b::192.0.2.33", "fe80:0:0:0:0:0:0:abcd", "2001:db8:0:1:1:1:1:1"})
    void ipLiteralBytes_literal_equalsTheJdkParseOfTheSameLiteral(String literal) throws UnknownHostException {
        // InetAddress.getByName does no lookup for a literal; it is the reference parser here.
        byte[] expected = InetAddress.getByName(literal).getAddress();
        if (literal.startsWith("::ffff:")) {
            // The JDK folds IPv4-mapped addresses to IPv4; we keep the 16 bytes.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(expected, 0, mapped, 12, 4);
            expected = mapped;
        }
        assertArrayEquals(expected, HostNames.ipLiteralBytes(literal));
    }

    @Test
    void ipLiteralBytes_bracketsAndZone_areDropped() {
        byte[] plain = HostNames.ipLiteralBytes("fe80::1");
        assertArrayEquals(plain, HostNames.ipLiteralBytes("[fe80::1%eth0]"));
        assertArrayEquals(plain, HostNames.ipLiteralBytes("fe80::1%7"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "example.com, example.com",
        "Example.COM, Example.COM",
        "example.com., example.com",
        "localhost, localhost",
        "a-b.example, a-b.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "b\u00fccher.example, xn--bcher-kva.example",
        "\u4f8b\u3048.\u30c6\u30b9\u30c8, xn--r8jz45g.xn--zckzah",
        "host1.example, host1.example",
        "1.2.3.example, 1.2.3.example",
    })
    void sniHostName_validName_isSentInAsciiForm(String target, String expected) {
        assertEquals(expected, HostNames.sniHostName(target));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "192.0.2.1", "::1", "[::1]", "2001:db8::1", "fe80::1%eth0", "192.0.2.1.",
        ".", "..", "example..com", ".example.com", "example.com..",
        "my_host.example", "exa mple.com", "*.example.com", "-lead.example", "trail-.example",
        "example.com:443", "user@example.com", "example.com/path",
        "127.1", "1.2.3.4.5", "010.0.0.1",
    })
    void sniHostName_ipLiteralOrInvalidName_sendsNothing(String target) {
        assertNull(HostNames.sniHostName(target));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void sniHostName_nullOrEmpty_sendsNothing(String target) {
        assertNull(HostNames.sniHostName(target));
    }

    @Test
    void sniHostName_labelOf63_isSentAndLabelOf64_isNot() {
        String l63 = "a".repeat(63);
        assertEquals(l63 + ".example", HostNames.sniHostName(l63 + ".example"));
        assertNull(HostNames.sniHostName("a" + l63 + ".example"));
    }

    @Test
    void sniHostName_nameOf253_isSentAndNameOf254_isNot() {
        // 4 labels of 62 plus 3 dots = 251; add "x." variations to reach the limits.
        String base = String.join(".", "b".repeat(62), "c".repeat(62), "d".repeat(62), "e".repeat(62));
        String n253 = "a." + base;
        String n254 = "aa." + base;
        assertEquals(253, n253.length());
        assertEquals(n253, HostNames.sniHostName(n253));
        assertNull(HostNames.sniHostName(n254));
    }
}
