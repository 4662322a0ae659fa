package org.sspijsse.sspi;

import java.nio.ByteBuffer;

/**
 * One {@code SecBuffer}: a type and a window of {@code cbBuffer} bytes starting at absolute
 * index {@code offset} of a {@link ByteBuffer} ({@code pvBuffer}), heap or direct. The window is
 * independent of the buffer's position and limit, which the package never changes, so the JSSE
 * layer can hand an application's buffers straight through without a copy.
 *
 * <p>As in C, the package rewrites buffers it is given: an {@code EMPTY} input slot becomes
 * {@code SECBUFFER_MISSING} or {@code SECBUFFER_EXTRA}; a decrypted {@code DATA} buffer is split
 * into header, data, trailer and extra windows over the caller's bytes; an output {@code TOKEN}
 * receives the token (its capacity is {@code cbBuffer} on the way in, the token length on the way
 * out). {@code pvBuffer} may be null (a {@code TOKEN} with no buffer is allocated by the package).
 */
public final class SecBuffer {
    private int bufferType;
    private ByteBuffer pvBuffer;
    private int offset;
    private int cbBuffer;
    private boolean packageAllocated;

    /** A buffer of the given type with no memory ({@code pvBuffer} NULL, {@code cbBuffer} 0). */
    public SecBuffer(int bufferType) {
        this.bufferType = bufferType;
    }

    /** A window over {@code buffer}'s remaining bytes ({@code position} to {@code limit}). */
    public SecBuffer(int bufferType, ByteBuffer buffer) {
        this(bufferType, buffer, buffer.position(), buffer.remaining());
    }

    /** A window of {@code length} bytes at absolute index {@code offset} of {@code buffer}. */
    public SecBuffer(int bufferType, ByteBuffer buffer, int offset, int length) {
        this.bufferType = bufferType;
        set(buffer, offset, length);
    }

    /** A window over the whole array. */
    public SecBuffer(int bufferType, byte[] array) {
        this(bufferType, ByteBuffer.wrap(array), 0, array.length);
    }

    /** A window over {@code length} bytes of {@code array} at {@code offset}. */
    public SecBuffer(int bufferType, byte[] array, int offset, int length) {
        this(bufferType, ByteBuffer.wrap(array), offset, length);
    }

    /** An {@code EMPTY} buffer: pvBuffer NULL, cbBuffer 0, as the seed page asks for. */
    public static SecBuffer empty() {
        return new SecBuffer(SecBufferType.SECBUFFER_EMPTY);
    }

    /** {@code BufferType}, with its attribute bits. */
    public int getBufferType() {
        return bufferType;
    }

    /** {@code BufferType} without {@code SECBUFFER_READONLY} and the other attribute bits. */
    public int getBaseType() {
        return SecBufferType.base(bufferType);
    }

    public void setBufferType(int bufferType) {
        this.bufferType = bufferType;
    }

    /** {@code cbBuffer}: bytes in the window (or the count of a MISSING / EXTRA buffer). */
    public int getCbBuffer() {
        return cbBuffer;
    }

    /** Sets {@code cbBuffer} alone, e.g. to shrink a window or to give a MISSING count. */
    public void setCbBuffer(int cbBuffer) {
        if (cbBuffer < 0) {
            throw new IllegalArgumentException("cbBuffer < 0");
        }
        this.cbBuffer = cbBuffer;
    }

    /** {@code pvBuffer}: the memory, or null. */
    public ByteBuffer getBuffer() {
        return pvBuffer;
    }

    /** Absolute index in {@link #getBuffer()} where the window starts. */
    public int getOffset() {
        return offset;
    }

    /** Points the buffer at a new window, keeping its type. */
    public void set(ByteBuffer buffer, int offset, int length) {
        if (buffer != null && (offset < 0 || length < 0 || offset > buffer.capacity() - length)) {
            throw new IndexOutOfBoundsException("window " + offset + "+" + length + " outside capacity "
                    + buffer.capacity());
        }
        this.pvBuffer = buffer;
        this.offset = buffer == null ? 0 : offset;
        this.cbBuffer = length;
        this.packageAllocated = false;
    }

    /** Type and window at once. */
    public void set(int bufferType, ByteBuffer buffer, int offset, int length) {
        set(buffer, offset, length);
        this.bufferType = bufferType;
    }

    /** Clears the buffer to {@code EMPTY}, no memory. */
    public void clear() {
        set(SecBufferType.SECBUFFER_EMPTY, null, 0, 0);
    }

    /** True when the package allocated {@code pvBuffer} ({@code ISC_REQ_ALLOCATE_MEMORY}). */
    public boolean isPackageAllocated() {
        return packageAllocated;
    }

    /** For a security package: marks memory it allocated, to be released by FreeContextBuffer. */
    public void markPackageAllocated() {
        this.packageAllocated = true;
    }

    /** A copy of the window's bytes (a convenience for callers; never used on the record path). */
    public byte[] toByteArray() {
        byte[] out = new byte[cbBuffer];
        if (pvBuffer != null) {
            pvBuffer.get(offset, out, 0, cbBuffer);
        }
        return out;
    }

    /** Byte {@code i} of the window. */
    public byte get(int i) {
        if (i < 0 || i >= cbBuffer || pvBuffer == null) {
            throw new IndexOutOfBoundsException(i);
        }
        return pvBuffer.get(offset + i);
    }

    @Override
    public String toString() {
        return SecBufferType.name(bufferType) + "[" + cbBuffer + "]";
    }
}
