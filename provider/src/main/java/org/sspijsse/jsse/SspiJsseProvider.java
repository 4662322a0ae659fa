package org.sspijsse.jsse;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * The JSSE provider {@code SspiJsse}: {@code SSLContext} "TLS", "TLSv1.2", "TLSv1.3" and "Default",
 * whose engines and sockets drive the SSPI layer ({@code org.sspijsse.sspi}) and its Schannel
 * package. Install with {@code Security.addProvider(new SspiJsseProvider())} (or at position 1, or
 * in a {@code java.security} file as {@code security.provider.N=SspiJsse}, or through
 * {@code ServiceLoader}), then {@code SSLContext.getInstance("TLS", "SspiJsse")}.
 *
 * <p>Services are created without reflection: each one is a {@link Provider.Service} whose
 * {@code newInstance} calls the constructor directly.
 */
public final class SspiJsseProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider name. */
    public static final String NAME = "SspiJsse";
    static final String VERSION = "0.1.0";

    public SspiJsseProvider() {
        super(NAME, VERSION, "TLS 1.2/1.3 over a Java model of Windows SSPI/Schannel (Bouncy Castle handshake)");
        putService(new ContextService(this, "TLS", List.of("SSL", "TLSv1.2+"), ProtocolSet.ALL));
        putService(new ContextService(this, "TLSv1.2", List.of(), ProtocolSet.UP_TO_TLS12));
        putService(new ContextService(this, "TLSv1.3", List.of(), ProtocolSet.ALL));
        putService(new ContextService(this, "Default", List.of(), null));
    }

    /** One SSLContext algorithm; {@code protocols} null is the pre-initialised "Default". */
    private static final class ContextService extends Provider.Service {
        private final ProtocolSet protocols;

        ContextService(Provider p, String algorithm, List<String> aliases, ProtocolSet protocols) {
            super(p, "SSLContext", algorithm, SspiSslContext.class.getName(), aliases, Map.of());
            this.protocols = protocols;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (protocols == null) {
                return SspiSslContext.newDefault();
            }
            return new SspiSslContext(protocols);
        }
    }
}
