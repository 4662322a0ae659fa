package org.sspijsse.sspi;

/** {@code SecBufferDesc}: {@code ulVersion} ({@code SECBUFFER_VERSION}) and an array of buffers. */
public final class SecBufferDesc {
    private final int ulVersion;
    private final SecBuffer[] pBuffers;

    public SecBufferDesc(SecBuffer... buffers) {
        this(SecBufferType.SECBUFFER_VERSION, buffers);
    }

    public SecBufferDesc(int ulVersion, SecBuffer... buffers) {
        this.ulVersion = ulVersion;
        this.pBuffers = buffers == null ? new SecBuffer[0] : buffers;
    }

    public int getVersion() {
        return ulVersion;
    }

    /** {@code cBuffers}. */
    public int getCount() {
        return pBuffers.length;
    }

    /** {@code pBuffers[i]}; may be null if the caller put a null there. */
    public SecBuffer get(int i) {
        return pBuffers[i];
    }

    /** The first buffer whose base type is {@code type}, or null. */
    public SecBuffer find(int type) {
        for (SecBuffer b : pBuffers) {
            if (b != null && b.getBaseType() == type) {
                return b;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return java.util.Arrays.toString(pBuffers);
    }
}
