package org.sspijsse.sspi;

/** An out-parameter for a {@code ULONG} such as {@code pfContextAttr}. */
public final class IntHolder {
    public int value;

    public IntHolder() {
    }

    public IntHolder(int value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return String.format("0x%X", value);
    }
}
