package org.sspijsse.sspi;

/** {@code ASC_REQ_*} request flags of {@code sspi.h} (AcceptSecurityContext fContextReq). */
public final class AscReq {
    private AscReq() {
    }

    public static final int ASC_REQ_DELEGATE = 0x1;
    public static final int ASC_REQ_MUTUAL_AUTH = 0x2;
    public static final int ASC_REQ_REPLAY_DETECT = 0x4;
    public static final int ASC_REQ_SEQUENCE_DETECT = 0x8;
    public static final int ASC_REQ_CONFIDENTIALITY = 0x10;
    public static final int ASC_REQ_USE_SESSION_KEY = 0x20;
    public static final int ASC_REQ_SESSION_TICKET = 0x40;
    public static final int ASC_REQ_ALLOCATE_MEMORY = 0x100;
    public static final int ASC_REQ_USE_DCE_STYLE = 0x200;
    public static final int ASC_REQ_DATAGRAM = 0x400;
    public static final int ASC_REQ_CONNECTION = 0x800;
    public static final int ASC_REQ_CALL_LEVEL = 0x1000;
    public static final int ASC_REQ_FRAGMENT_SUPPLIED = 0x2000;
    public static final int ASC_REQ_EXTENDED_ERROR = 0x8000;
    public static final int ASC_REQ_STREAM = 0x10000;
    public static final int ASC_REQ_INTEGRITY = 0x20000;
    public static final int ASC_REQ_LICENSING = 0x40000;
    public static final int ASC_REQ_IDENTIFY = 0x80000;
    public static final int ASC_REQ_ALLOW_NULL_SESSION = 0x100000;
    public static final int ASC_REQ_ALLOW_NON_USER_LOGONS = 0x200000;
    public static final int ASC_REQ_ALLOW_CONTEXT_REPLAY = 0x400000;
    public static final int ASC_REQ_FRAGMENT_TO_FIT = 0x800000;
    public static final int ASC_REQ_NO_TOKEN = 0x1000000;
}
