package org.sspijsse.sspi;

/** An out-parameter for an object, e.g. the attribute structure of QueryContextAttributes. */
public final class Holder<T> {
    public T value;

    public Holder() {
    }

    public Holder(T value) {
        this.value = value;
    }
}
