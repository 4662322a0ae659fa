package org.sspijsse.sspi;

/** {@code SecBuffer.BufferType} values of {@code sspi.h}. */
public final class SecBufferType {
    private SecBufferType() {
    }

    public static final int SECBUFFER_EMPTY = 0;
    public static final int SECBUFFER_DATA = 1;
    public static final int SECBUFFER_TOKEN = 2;
    /** Generic SSPI; Schannel neither needs nor reads it. */
    public static final int SECBUFFER_PKG_PARAMS = 3;
    public static final int SECBUFFER_MISSING = 4;
    public static final int SECBUFFER_EXTRA = 5;
    public static final int SECBUFFER_STREAM_TRAILER = 6;
    public static final int SECBUFFER_STREAM_HEADER = 7;
    public static final int SECBUFFER_ALERT = 17;
    public static final int SECBUFFER_APPLICATION_PROTOCOLS = 18;

    public static final int SECBUFFER_READONLY = 0x80000000;
    public static final int SECBUFFER_READONLY_WITH_CHECKSUM = 0x10000000;
    public static final int SECBUFFER_ATTRMASK = 0xF0000000;

    public static final int SECBUFFER_VERSION = 0;

    /** The type without its attribute bits. */
    public static int base(int bufferType) {
        return bufferType & ~SECBUFFER_ATTRMASK;
    }

    public static String name(int bufferType) {
        switch (base(bufferType)) {
            case SECBUFFER_EMPTY: return "EMPTY";
            case SECBUFFER_DATA: return "DATA";
            case SECBUFFER_TOKEN: return "TOKEN";
            case SECBUFFER_PKG_PARAMS: return "PKG_PARAMS";
            case SECBUFFER_MISSING: return "MISSING";
            case SECBUFFER_EXTRA: return "EXTRA";
            case SECBUFFER_STREAM_TRAILER: return "STREAM_TRAILER";
            case SECBUFFER_STREAM_HEADER: return "STREAM_HEADER";
            case SECBUFFER_ALERT: return "ALERT";
            case SECBUFFER_APPLICATION_PROTOCOLS: return "APPLICATION_PROTOCOLS";
            default: return "TYPE_" + base(bufferType);
        }
    }
}
