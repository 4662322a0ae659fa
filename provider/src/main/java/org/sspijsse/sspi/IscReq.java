package org.sspijsse.sspi;

/** {@code ISC_REQ_*} request flags of {@code sspi.h} (InitializeSecurityContext fContextReq). */
public final class IscReq {
    private IscReq() {
    }

    public static final int ISC_REQ_DELEGATE = 0x1;
    public static final int ISC_REQ_MUTUAL_AUTH = 0x2;
    public static final int ISC_REQ_REPLAY_DETECT = 0x4;
    public static final int ISC_REQ_SEQUENCE_DETECT = 0x8;
    public static final int ISC_REQ_CONFIDENTIALITY = 0x10;
    public static final int ISC_REQ_USE_SESSION_KEY = 0x20;
    public static final int ISC_REQ_PROMPT_FOR_CREDS = 0x40;
    public static final int ISC_REQ_USE_SUPPLIED_CREDS = 0x80;
    public static final int ISC_REQ_ALLOCATE_MEMORY = 0x100;
    public static final int ISC_REQ_USE_DCE_STYLE = 0x200;
    public static final int ISC_REQ_DATAGRAM = 0x400;
    public static final int ISC_REQ_CONNECTION = 0x800;
    public static final int ISC_REQ_CALL_LEVEL = 0x1000;
    public static final int ISC_REQ_FRAGMENT_SUPPLIED = 0x2000;
    public static final int ISC_REQ_EXTENDED_ERROR = 0x4000;
    public static final int ISC_REQ_STREAM = 0x8000;
    public static final int ISC_REQ_INTEGRITY = 0x10000;
    public static final int ISC_REQ_IDENTIFY = 0x20000;
    public static final int ISC_REQ_NULL_SESSION = 0x40000;
    public static final int ISC_REQ_MANUAL_CRED_VALIDATION = 0x80000;
    public static final int ISC_REQ_FRAGMENT_TO_FIT = 0x200000;
    public static final int ISC_REQ_FORWARD_CREDENTIALS = 0x400000;
    public static final int ISC_REQ_NO_INTEGRITY = 0x800000;
    public static final int ISC_REQ_USE_HTTP_STYLE = 0x1000000;
    public static final int ISC_REQ_UNVERIFIED_TARGET_NAME = 0x20000000;
    public static final int ISC_REQ_CONFIDENTIALITY_ONLY = 0x40000000;
}
