package org.sspijsse.sspi;

/** {@code SECPKG_ATTR_*} ids for {@link Sspi#queryContextAttributes}; values of sspi.h / schannel.h. */
public final class SecPkgAttr {
    private SecPkgAttr() {
    }

    public static final int SECPKG_ATTR_STREAM_SIZES = 4;
    public static final int SECPKG_ATTR_APPLICATION_PROTOCOL = 35;
    public static final int SECPKG_ATTR_REMOTE_CERT_CONTEXT = 0x53;
    public static final int SECPKG_ATTR_LOCAL_CERT_CONTEXT = 0x54;
    public static final int SECPKG_ATTR_ISSUER_LIST_EX = 0x59;
    public static final int SECPKG_ATTR_CONNECTION_INFO = 0x5a;
    public static final int SECPKG_ATTR_SESSION_INFO = 0x5d;
    public static final int SECPKG_ATTR_CIPHER_INFO = 0x64;
    public static final int SECPKG_ATTR_SUPPORTED_SIGNATURES = 0x66;
    public static final int SECPKG_ATTR_KEYING_MATERIAL = 0x6b;
}
