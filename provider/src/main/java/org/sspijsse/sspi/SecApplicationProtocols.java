package org.sspijsse.sspi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and parses {@code SEC_APPLICATION_PROTOCOLS}, the content of a
 * {@code SECBUFFER_APPLICATION_PROTOCOLS} buffer: {@code ULONG ProtocolListsSize} followed by lists of
 * {@code { ULONG ProtoNegoExt; USHORT ProtocolListSize; UCHAR ProtocolList[] }}, each list in TLS wire
 * form (a one-byte length before each name, most preferred first). Little-endian, as on x86 Windows.
 */
public final class SecApplicationProtocols {
    private SecApplicationProtocols() {
    }

    /** The buffer for an ALPN list, e.g. {@code [http/1.1, h2]} gives 22 bytes. */
    public static byte[] alpn(String... protocols) {
        ByteBuffer list = ByteBuffer.allocate(65535);
        for (String p : protocols) {
            byte[] b = p.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length == 0 || b.length > 255) {
                throw new IllegalArgumentException("ALPN protocol id must be 1..255 bytes: " + p);
            }
            list.put((byte) b.length).put(b);
        }
        int listSize = list.position();
        ByteBuffer out = ByteBuffer.allocate(4 + 4 + 2 + listSize).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(4 + 2 + listSize);
        out.putInt(SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN);
        out.putShort((short) listSize);
        out.put(list.array(), 0, listSize);
        return out.array();
    }

    /** A ready {@code SECBUFFER_APPLICATION_PROTOCOLS} buffer for an ALPN list. */
    public static SecBuffer alpnBuffer(String... protocols) {
        return new SecBuffer(SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS, alpn(protocols));
    }

    /**
     * The ALPN protocol ids of a {@code SEC_APPLICATION_PROTOCOLS} structure (NPN lists are skipped),
     * or null when the structure is malformed (sizes that overrun, an empty or overlong name).
     */
    public static List<byte[]> parseAlpn(SecBuffer buffer) {
        ByteBuffer b = buffer.getBuffer();
        if (b == null || buffer.getCbBuffer() < 4) {
            return null;
        }
        ByteBuffer in = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        in.limit(buffer.getOffset() + buffer.getCbBuffer()).position(buffer.getOffset());
        long total = Integer.toUnsignedLong(in.getInt());
        if (total > in.remaining()) {
            return null;
        }
        in.limit(in.position() + (int) total);
        List<byte[]> result = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 6) {
                return null;
            }
            int ext = in.getInt();
            int size = Short.toUnsignedInt(in.getShort());
            if (size > in.remaining()) {
                return null;
            }
            int end = in.position() + size;
            while (in.position() < end) {
                int n = Byte.toUnsignedInt(in.get());
                if (n == 0 || n > end - in.position()) {
                    return null;
                }
                byte[] id = new byte[n];
                in.get(id);
                if (ext == SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN) {
                    result.add(id);
                }
            }
        }
        return result;
    }
}
