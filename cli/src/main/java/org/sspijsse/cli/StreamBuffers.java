package org.sspijsse.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgContext;

/**
 * The buffer layouts a Schannel stream caller builds: EncryptMessage's
 * {@code [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]} sized from {@code SECPKG_ATTR_STREAM_SIZES},
 * DecryptMessage's {@code [DATA, EMPTY, EMPTY, EMPTY]}, and ApplyControlToken's one DWORD.
 */
final class StreamBuffers {
    private StreamBuffers() {
    }

    /**
     * One record's worth of EncryptMessage buffers over a fresh array laid out as header, data,
     * trailer, so that the encrypted record is contiguous. {@code length} must not exceed
     * {@code cbMaximumMessage}.
     */
    static SecBufferDesc forEncrypt(SecPkgContext.StreamSizes sizes, byte[] data, int offset, int length) {
        if (length > sizes.cbMaximumMessage) {
            throw new IllegalArgumentException(length + " bytes exceed cbMaximumMessage " + sizes.cbMaximumMessage);
        }
        byte[] record = new byte[sizes.cbHeader + length + sizes.cbTrailer];
        System.arraycopy(data, offset, record, sizes.cbHeader, length);
        ByteBuffer bb = ByteBuffer.wrap(record);
        return new SecBufferDesc(
                new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, bb, 0, sizes.cbHeader),
                new SecBuffer(SecBufferType.SECBUFFER_DATA, bb, sizes.cbHeader, length),
                new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, bb, sizes.cbHeader + length, sizes.cbTrailer),
                SecBuffer.empty());
    }

    /**
     * The bytes to send after EncryptMessage: header, data and trailer as the package left them
     * (it may have shortened header or trailer), in that order.
     */
    static byte[] encryptedRecord(SecBufferDesc encrypted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int type : new int[] {SecBufferType.SECBUFFER_STREAM_HEADER, SecBufferType.SECBUFFER_DATA,
                SecBufferType.SECBUFFER_STREAM_TRAILER}) {
            SecBuffer b = encrypted.find(type);
            if (b != null) {
                out.writeBytes(b.toByteArray());
            }
        }
        return out.toByteArray();
    }

    /** DecryptMessage's input: the received bytes as DATA and three EMPTY slots for the package. */
    static SecBufferDesc forDecrypt(byte[] received, int length) {
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, received, 0, length),
                SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty());
    }

    /** An ApplyControlToken DWORD ({@code SCHANNEL_SHUTDOWN} and friends), little-endian as on Windows. */
    static byte[] controlToken(int dword) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(dword).array();
    }

    /** The stream sizes as one line of the summary. */
    static String describe(SecPkgContext.StreamSizes s) {
        return "header " + s.cbHeader + ", trailer " + s.cbTrailer + ", maximum message " + s.cbMaximumMessage
                + ", buffers " + s.cBuffers + ", block size " + s.cbBlockSize;
    }
}
