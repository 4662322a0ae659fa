package org.sspijsse.sspi;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code SECURITY_STATUS} values, with the names and numbers of the Windows SDK's
 * {@code winerror.h}. A {@code SEC_I_*} value is a success (high bit clear); a {@code SEC_E_*}
 * value is a failure. Every function of {@link Sspi} returns one of these; none throws.
 */
public final class SecStatus {
    private SecStatus() {
    }

    public static final int SEC_E_OK = 0x00000000;
    public static final int SEC_I_CONTINUE_NEEDED = 0x00090312;
    /** Listed on Microsoft's pages; Schannel never returns it. */
    public static final int SEC_I_COMPLETE_NEEDED = 0x00090313;
    /** Listed on Microsoft's pages; Schannel never returns it. */
    public static final int SEC_I_COMPLETE_AND_CONTINUE = 0x00090314;
    public static final int SEC_I_CONTEXT_EXPIRED = 0x00090317;
    public static final int SEC_I_INCOMPLETE_CREDENTIALS = 0x00090320;
    public static final int SEC_I_RENEGOTIATE = 0x00090321;
    public static final int SEC_I_NO_RENEGOTIATION = 0x00090360;

    public static final int SEC_E_INSUFFICIENT_MEMORY = 0x80090300;
    public static final int SEC_E_INVALID_HANDLE = 0x80090301;
    public static final int SEC_E_UNSUPPORTED_FUNCTION = 0x80090302;
    public static final int SEC_E_TARGET_UNKNOWN = 0x80090303;
    public static final int SEC_E_INTERNAL_ERROR = 0x80090304;
    public static final int SEC_E_SECPKG_NOT_FOUND = 0x80090305;
    public static final int SEC_E_NOT_OWNER = 0x80090306;
    public static final int SEC_E_INVALID_TOKEN = 0x80090308;
    public static final int SEC_E_LOGON_DENIED = 0x8009030C;
    public static final int SEC_E_UNKNOWN_CREDENTIALS = 0x8009030D;
    public static final int SEC_E_NO_CREDENTIALS = 0x8009030E;
    public static final int SEC_E_MESSAGE_ALTERED = 0x8009030F;
    public static final int SEC_E_OUT_OF_SEQUENCE = 0x80090310;
    public static final int SEC_E_NO_AUTHENTICATING_AUTHORITY = 0x80090311;
    public static final int SEC_E_CONTEXT_EXPIRED = 0x80090317;
    public static final int SEC_E_INCOMPLETE_MESSAGE = 0x80090318;
    public static final int SEC_E_INCOMPLETE_CREDENTIALS = 0x80090320;
    public static final int SEC_E_BUFFER_TOO_SMALL = 0x80090321;
    public static final int SEC_E_WRONG_PRINCIPAL = 0x80090322;
    public static final int SEC_E_TIME_SKEW = 0x80090324;
    public static final int SEC_E_UNTRUSTED_ROOT = 0x80090325;
    public static final int SEC_E_ILLEGAL_MESSAGE = 0x80090326;
    public static final int SEC_E_CERT_UNKNOWN = 0x80090327;
    public static final int SEC_E_CERT_EXPIRED = 0x80090328;
    public static final int SEC_E_ENCRYPT_FAILURE = 0x80090329;
    public static final int SEC_E_DECRYPT_FAILURE = 0x80090330;
    public static final int SEC_E_ALGORITHM_MISMATCH = 0x80090331;
    public static final int SEC_E_WRONG_CREDENTIAL_HANDLE = 0x80090336;
    public static final int SEC_E_CERT_WRONG_USAGE = 0x80090349;
    public static final int SEC_E_INVALID_PARAMETER = 0x8009035D;
    public static final int SEC_E_NO_CONTEXT = 0x80090361;
    public static final int SEC_E_MUTUAL_AUTH_FAILED = 0x80090363;
    public static final int SEC_E_APPLICATION_PROTOCOL_MISMATCH = 0x80090367;
    /** The certificate is revoked (winerror.h CRYPT_E_REVOKED); Schannel returns it as is. */
    public static final int CRYPT_E_REVOKED = 0x80092010;
    /** Revocation status could not be checked (winerror.h CRYPT_E_NO_REVOCATION_CHECK). */
    public static final int CRYPT_E_NO_REVOCATION_CHECK = 0x80092012;
    /** The revocation server was offline (winerror.h CRYPT_E_REVOCATION_OFFLINE). */
    public static final int CRYPT_E_REVOCATION_OFFLINE = 0x80092013;

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        for (var f : SecStatus.class.getFields()) {
            if (f.getType() == int.class) {
                try {
                    NAMES.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        // SEC_E_BUFFER_TOO_SMALL shares its number with SEC_I_RENEGOTIATE's low bits only; no clash.
    }

    /** True for {@code SEC_E_OK} and every {@code SEC_I_*} value. */
    public static boolean succeeded(int status) {
        return status >= 0;
    }

    /** True for every {@code SEC_E_*} (and {@code CRYPT_E_*}) value. */
    public static boolean failed(int status) {
        return status < 0;
    }

    /** The Windows name of a status, or its hex value when it has none here. */
    public static String name(int status) {
        String n = NAMES.get(status);
        return n != null ? n : hex(status);
    }

    /** {@code 0x80090318}-style rendering. */
    public static String hex(int status) {
        return String.format("0x%08X", status);
    }

    /** Name and value, e.g. {@code SEC_E_INCOMPLETE_MESSAGE (0x80090318)}. */
    public static String describe(int status) {
        return name(status) + " (" + hex(status) + ")";
    }
}
