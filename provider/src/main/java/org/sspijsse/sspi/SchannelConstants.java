package org.sspijsse.sspi;

/**
 * Schannel's own numbers from {@code schannel.h} and {@code sspi.h}: credential use, protocol
 * bits, {@code SCH_CRED_*} flags, {@code ApplyControlToken} tokens, session and ALPN values.
 */
public final class SchannelConstants {
    private SchannelConstants() {
    }

    /** The package name {@link Sspi#acquireCredentialsHandle} takes ({@code UNISP_NAME} also works). */
    public static final String SCHANNEL_NAME = "Schannel";
    public static final String UNISP_NAME = "Microsoft Unified Security Protocol Provider";

    public static final int SECPKG_CRED_INBOUND = 1;
    public static final int SECPKG_CRED_OUTBOUND = 2;
    public static final int SECPKG_CRED_BOTH = 3;

    public static final int SCHANNEL_CRED_VERSION = 4;
    public static final int SCH_CREDENTIALS_VERSION = 5;

    public static final int SP_PROT_TLS1_2_SERVER = 0x400;
    public static final int SP_PROT_TLS1_2_CLIENT = 0x800;
    public static final int SP_PROT_TLS1_2 = SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_2_CLIENT;
    public static final int SP_PROT_TLS1_3_SERVER = 0x1000;
    public static final int SP_PROT_TLS1_3_CLIENT = 0x2000;
    public static final int SP_PROT_TLS1_3 = SP_PROT_TLS1_3_SERVER | SP_PROT_TLS1_3_CLIENT;
    /** All client bits of schannel.h, so that a server bit on an outbound credential can be told. */
    public static final int SP_PROT_CLIENTS = 0x2AAA;
    public static final int SP_PROT_SERVERS = 0x1555;

    public static final int SCH_CRED_NO_SYSTEM_MAPPER = 0x2;
    public static final int SCH_CRED_NO_SERVERNAME_CHECK = 0x4;
    public static final int SCH_CRED_MANUAL_CRED_VALIDATION = 0x8;
    public static final int SCH_CRED_NO_DEFAULT_CREDS = 0x10;
    public static final int SCH_CRED_AUTO_CRED_VALIDATION = 0x20;
    public static final int SCH_CRED_USE_DEFAULT_CREDS = 0x40;
    /** Microsoft's pages spell it SCH_DISABLE_RECONNECTS; server credentials only. */
    public static final int SCH_CRED_DISABLE_RECONNECTS = 0x80;
    public static final int SCH_CRED_REVOCATION_CHECK_END_CERT = 0x100;
    public static final int SCH_CRED_REVOCATION_CHECK_CHAIN = 0x200;
    public static final int SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT = 0x400;
    public static final int SCH_CRED_IGNORE_NO_REVOCATION_CHECK = 0x800;
    public static final int SCH_CRED_IGNORE_REVOCATION_OFFLINE = 0x1000;
    public static final int SCH_SEND_ROOT_CERT = 0x40000;
    public static final int SCH_USE_STRONG_CRYPTO = 0x400000;

    /** ApplyControlToken DWORDs. */
    public static final int SCHANNEL_RENEGOTIATE = 0;
    public static final int SCHANNEL_SHUTDOWN = 1;
    public static final int SCHANNEL_ALERT = 2;
    public static final int SCHANNEL_SESSION = 3;

    public static final int TLS1_ALERT_WARNING = 1;
    public static final int TLS1_ALERT_FATAL = 2;

    public static final int SSL_SESSION_ENABLE_RECONNECTS = 1;
    public static final int SSL_SESSION_DISABLE_RECONNECTS = 2;
    /** SecPkgContext_SessionInfo.dwFlags: the context resumed a cached session. */
    public static final int SSL_SESSION_RECONNECT = 1;

    /** SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT. */
    public static final int SecApplicationProtocolNegotiationExt_None = 0;
    public static final int SecApplicationProtocolNegotiationExt_NPN = 1;
    public static final int SecApplicationProtocolNegotiationExt_ALPN = 2;
    /** SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS. */
    public static final int SecApplicationProtocolNegotiationStatus_None = 0;
    public static final int SecApplicationProtocolNegotiationStatus_Success = 1;
    public static final int SecApplicationProtocolNegotiationStatus_SelectedClientOnly = 2;

    /** {@code dwSessionLifespan} 0 means ten hours (in milliseconds). */
    public static final long DEFAULT_SESSION_LIFESPAN_MS = 36_000_000L;
}
