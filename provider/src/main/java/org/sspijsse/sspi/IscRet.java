package org.sspijsse.sspi;

/**
 * {@code ISC_RET_*} return flags of {@code sspi.h}. They are not the request flags: some bits
 * shift (REQ_CALL_LEVEL 0x1000 is RET_INTERMEDIATE_RETURN; REQ_PROMPT_FOR_CREDS 0x40 is
 * RET_USED_COLLECTED_CREDS), so the two are kept apart.
 */
public final class IscRet {
    private IscRet() {
    }

    public static final int ISC_RET_DELEGATE = 0x1;
    public static final int ISC_RET_MUTUAL_AUTH = 0x2;
    public static final int ISC_RET_REPLAY_DETECT = 0x4;
    public static final int ISC_RET_SEQUENCE_DETECT = 0x8;
    public static final int ISC_RET_CONFIDENTIALITY = 0x10;
    public static final int ISC_RET_USE_SESSION_KEY = 0x20;
    public static final int ISC_RET_USED_COLLECTED_CREDS = 0x40;
    public static final int ISC_RET_USED_SUPPLIED_CREDS = 0x80;
    public static final int ISC_RET_ALLOCATED_MEMORY = 0x100;
    public static final int ISC_RET_USED_DCE_STYLE = 0x200;
    public static final int ISC_RET_DATAGRAM = 0x400;
    public static final int ISC_RET_CONNECTION = 0x800;
    public static final int ISC_RET_INTERMEDIATE_RETURN = 0x1000;
    public static final int ISC_RET_CALL_LEVEL = 0x2000;
    public static final int ISC_RET_EXTENDED_ERROR = 0x4000;
    public static final int ISC_RET_STREAM = 0x8000;
    public static final int ISC_RET_INTEGRITY = 0x10000;
    public static final int ISC_RET_IDENTIFY = 0x20000;
    public static final int ISC_RET_NULL_SESSION = 0x40000;
    public static final int ISC_RET_MANUAL_CRED_VALIDATION = 0x80000;
    public static final int ISC_RET_FRAGMENT_ONLY = 0x200000;
    public static final int ISC_RET_FORWARD_CREDENTIALS = 0x400000;
    public static final int ISC_RET_USED_HTTP_STYLE = 0x1000000;
    public static final int ISC_RET_NO_ADDITIONAL_TOKEN = 0x2000000;
    public static final int ISC_RET_REAUTHENTICATION = 0x8000000;
    public static final int ISC_RET_CONFIDENTIALITY_ONLY = 0x40000000;
}
