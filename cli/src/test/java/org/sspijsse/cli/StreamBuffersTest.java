package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecPkgContext;

class StreamBuffersTest {
    private static final SecPkgContext.StreamSizes TLS13 = new SecPkgContext.StreamSizes(5, 17, 16384, 4, 16);
    private static final SecPkgContext.StreamSizes TLS12_GCM = new SecPkgContext.StreamSizes(13, 16, 16384, 4, 16);

    @Test
    void encryptLayout_isHeaderDataTrailerEmpty_sizedFromStreamSizes() {
        byte[] get = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        SecBufferDesc d = StreamBuffers.forEncrypt(TLS13, get, 0, get.length);
        assertEquals("[STREAM_HEADER 5, DATA 18, STREAM_TRAILER 17, EMPTY 0]", SspiTrace.buffers(d));
        d = StreamBuffers.forEncrypt(TLS12_GCM, get, 0, get.length);
        assertEquals("[STREAM_HEADER 13, DATA 18, STREAM_TRAILER 16, EMPTY 0]", SspiTrace.buffers(d));
    }

    @Test
    void encryptLayout_isOneContiguousArray_withTheDataBetweenHeaderAndTrailer() {
        byte[] data = {1, 2, 3};
        SecBufferDesc d = StreamBuffers.forEncrypt(TLS13, data, 0, 3);
        assertSame(d.get(0).getBuffer(), d.get(2).getBuffer());
        assertEquals(0, d.get(0).getOffset());
        assertEquals(5, d.get(1).getOffset());
        assertEquals(8, d.get(2).getOffset());
        assertArrayEquals(data, d.get(1).toByteArray());
    }

    @Test
    void encryptLayout_refusesMoreThanTheMaximumMessage() {
        assertThrows(IllegalArgumentException.class, () -> StreamBuffers.forEncrypt(TLS13, new byte[16385], 0, 16385));
    }

    @Test
    void theEncryptedRecord_isHeaderDataAndTrailerAsThePackageLeftThem() {
        SecBufferDesc d = StreamBuffers.forEncrypt(TLS12_GCM, new byte[] {9, 9}, 0, 2);
        d.get(2).setCbBuffer(8); // a package may use less trailer than cbTrailer
        assertEquals(13 + 2 + 8, StreamBuffers.encryptedRecord(d).length);
    }

    @Test
    void decryptLayout_isDataThenThreeEmptySlots() {
        assertEquals("[DATA 100, EMPTY 0, EMPTY 0, EMPTY 0]",
                SspiTrace.buffers(StreamBuffers.forDecrypt(new byte[200], 100)));
    }

    @Test
    void theShutdownControlToken_isTheDwordOneLittleEndian() {
        assertArrayEquals(new byte[] {1, 0, 0, 0}, StreamBuffers.controlToken(SchannelConstants.SCHANNEL_SHUTDOWN));
        SecBuffer b = new SecBuffer(org.sspijsse.sspi.SecBufferType.SECBUFFER_TOKEN,
                StreamBuffers.controlToken(SchannelConstants.SCHANNEL_SHUTDOWN));
        assertEquals("[TOKEN 4]", SspiTrace.buffers(new SecBufferDesc(b)));
    }

    @Test
    void streamSizes_readAsOneSummaryLine() {
        assertEquals("header 5, trailer 17, maximum message 16384, buffers 4, block size 16",
                StreamBuffers.describe(TLS13));
    }

    @Test
    void connectionInfoProtocolBits_renderAsJsseNames() {
        assertEquals("TLSv1.3", ProtocolNames.name(SchannelConstants.SP_PROT_TLS1_3_CLIENT));
        assertEquals("TLSv1.3", ProtocolNames.name(SchannelConstants.SP_PROT_TLS1_3_SERVER));
        assertEquals("TLSv1.2", ProtocolNames.name(SchannelConstants.SP_PROT_TLS1_2_CLIENT));
        assertEquals("TLSv1.2", ProtocolNames.name(SchannelConstants.SP_PROT_TLS1_2));
        assertEquals("TLSv1.1", ProtocolNames.name(0x200));
        assertEquals("unknown (0x0)", ProtocolNames.name(0));
        assertEquals("unknown (0x2800)", ProtocolNames.name(0x2800));
    }
}
