package org.sspijsse.jsse;

import java.security.AlgorithmConstraints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What an engine's {@code SSLParameters} say, in JSSE terms. It becomes the SSPI call's inputs when
 * the handshake starts: the credential (protocols, suites, the name check), the target name (SNI),
 * the context request flags (client authentication) and the ALPN buffer.
 */
final class EngineConfig {
    volatile List<String> protocols;
    volatile List<String> suites;
    volatile boolean needClientAuth;
    volatile boolean wantClientAuth;
    volatile boolean enableSessionCreation = true;
    volatile String endpointIdentification;
    volatile List<SNIServerName> serverNames;
    volatile Collection<SNIMatcher> sniMatchers;
    volatile String[] applicationProtocols = new String[0];
    volatile BiFunction<SSLEngine, List<String>, String> alpnSelector;
    volatile boolean useCipherSuitesOrder = true;
    volatile int maximumPacketSize;
    volatile AlgorithmConstraints algorithmConstraints;

    EngineConfig(List<String> protocols) {
        this.protocols = protocols;
        this.suites = CipherSuites.SUPPORTED;
    }

    void setNeedClientAuth(boolean need) {
        needClientAuth = need;
        wantClientAuth = false;
    }

    void setWantClientAuth(boolean want) {
        wantClientAuth = want;
        needClientAuth = false;
    }

    /** The host name for SNI: the first SNIHostName set, else the peer host when it is a DNS name. */
    String sniHost(String peerHost) {
        List<SNIServerName> names = serverNames;
        if (names != null) {
            for (SNIServerName n : names) {
                if (n instanceof SNIHostName) {
                    return ((SNIHostName) n).getAsciiName();
                }
            }
            return null;
        }
        return peerHost;
    }

    SSLParameters toParameters() {
        SSLParameters p = new SSLParameters(suites.toArray(new String[0]), protocols.toArray(new String[0]));
        if (needClientAuth) {
            p.setNeedClientAuth(true);
        } else if (wantClientAuth) {
            p.setWantClientAuth(true);
        }
        p.setEndpointIdentificationAlgorithm(endpointIdentification);
        if (serverNames != null) {
            p.setServerNames(serverNames);
        }
        if (sniMatchers != null) {
            p.setSNIMatchers(sniMatchers);
        }
        p.setApplicationProtocols(applicationProtocols.clone());
        p.setUseCipherSuitesOrder(useCipherSuitesOrder);
        p.setMaximumPacketSize(maximumPacketSize);
        p.setAlgorithmConstraints(algorithmConstraints);
        return p;
    }

    /** SSLEngine.setSSLParameters: null fields leave the current value, as the javadoc says. */
    void apply(SSLParameters p) {
        if (p.getCipherSuites() != null) {
            suites = CipherSuites.check(p.getCipherSuites());
        }
        if (p.getProtocols() != null) {
            protocols = ProtocolSet.check(p.getProtocols());
        }
        if (p.getNeedClientAuth()) {
            setNeedClientAuth(true);
        } else if (p.getWantClientAuth()) {
            setWantClientAuth(true);
        } else {
            setWantClientAuth(false);
        }
        endpointIdentification = p.getEndpointIdentificationAlgorithm();
        if (p.getServerNames() != null) {
            serverNames = new ArrayList<>(p.getServerNames());
        }
        if (p.getSNIMatchers() != null) {
            sniMatchers = new ArrayList<>(p.getSNIMatchers());
        }
        String[] alpn = p.getApplicationProtocols();
        if (alpn != null) {
            for (String a : alpn) {
                if (a == null || a.isEmpty() || a.length() > 255) {
                    throw new IllegalArgumentException("bad application protocol: " + a);
                }
            }
            applicationProtocols = alpn.clone();
        }
        useCipherSuitesOrder = p.getUseCipherSuitesOrder();
        maximumPacketSize = p.getMaximumPacketSize();
        algorithmConstraints = p.getAlgorithmConstraints();
    }

    boolean nameCheck() {
        String e = endpointIdentification;
        return e != null && (e.equalsIgnoreCase("HTTPS") || e.equalsIgnoreCase("LDAPS"));
    }
}
