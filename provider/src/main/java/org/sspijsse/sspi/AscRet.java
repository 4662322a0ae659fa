package org.sspijsse.sspi;

/**
 * {@code ASC_RET_*} return flags of {@code sspi.h}. Mostly the request bits, but CALL_LEVEL
 * moves (0x1000 -> 0x2000), THIRD_LEG_FAILED and NO_ADDITIONAL_TOKEN exist only here, and
 * ALLOW_NULL_SESSION / FRAGMENT_TO_FIT come back as NULL_SESSION / FRAGMENT_ONLY.
 */
public final class AscRet {
    private AscRet() {
    }

    public static final int ASC_RET_DELEGATE = 0x1;
    public static final int ASC_RET_MUTUAL_AUTH = 0x2;
    public static final int ASC_RET_REPLAY_DETECT = 0x4;
    public static final int ASC_RET_SEQUENCE_DETECT = 0x8;
    public static final int ASC_RET_CONFIDENTIALITY = 0x10;
    public static final int ASC_RET_USE_SESSION_KEY = 0x20;
    public static final int ASC_RET_SESSION_TICKET = 0x40;
    public static final int ASC_RET_ALLOCATED_MEMORY = 0x100;
    public static final int ASC_RET_USED_DCE_STYLE = 0x200;
    public static final int ASC_RET_DATAGRAM = 0x400;
    public static final int ASC_RET_CONNECTION = 0x800;
    public static final int ASC_RET_CALL_LEVEL = 0x2000;
    public static final int ASC_RET_THIRD_LEG_FAILED = 0x4000;
    public static final int ASC_RET_EXTENDED_ERROR = 0x8000;
    public static final int ASC_RET_STREAM = 0x10000;
    public static final int ASC_RET_INTEGRITY = 0x20000;
    public static final int ASC_RET_LICENSING = 0x40000;
    public static final int ASC_RET_IDENTIFY = 0x80000;
    public static final int ASC_RET_NULL_SESSION = 0x100000;
    public static final int ASC_RET_ALLOW_NON_USER_LOGONS = 0x200000;
    public static final int ASC_RET_ALLOW_CONTEXT_REPLAY = 0x400000;
    public static final int ASC_RET_FRAGMENT_ONLY = 0x800000;
    public static final int ASC_RET_NO_TOKEN = 0x1000000;
    public static final int ASC_RET_NO_ADDITIONAL_TOKEN = 0x2000000;
}
