package org.sspijsse.jsse;

import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sspijsse.testsupport.KeyType;

/** One case of the matrix: client provider, server provider, protocol version, server key type. */
record Pair(Provider client, Provider server, String protocol, KeyType keyType) {
    static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    static final List<KeyType> KEY_TYPES = List.of(KeyType.RSA_2048, KeyType.EC_P256);

    /** Every client x server provider pair, both versions, RSA and ECDSA. */
    static Stream<Pair> all() {
        return matrix(PROTOCOLS, KEY_TYPES);
    }

    /** Every provider pair, both versions, ECDSA only (for cases where the key type is irrelevant). */
    static Stream<Pair> ec() {
        return matrix(PROTOCOLS, List.of(KeyType.EC_P256));
    }

    /** Every provider pair, both versions, Ed25519 server certificates. */
    static Stream<Pair> ed25519() {
        return matrix(PROTOCOLS, List.of(KeyType.ED25519));
    }

    /** Every provider pair, TLS 1.2 only, ECDSA. */
    static Stream<Pair> tls12() {
        return matrix(List.of("TLSv1.2"), List.of(KeyType.EC_P256));
    }

    static Stream<Pair> matrix(List<String> protocols, List<KeyType> keyTypes) {
        List<Pair> out = new ArrayList<>();
        for (Provider c : Providers.all()) {
            for (Provider s : Providers.all()) {
                for (String v : protocols) {
                    for (KeyType k : keyTypes) {
                        out.add(new Pair(c, s, v, k));
                    }
                }
            }
        }
        return out.stream();
    }

    boolean involvesOurs() {
        return Providers.isOurs(client) || Providers.isOurs(server);
    }

    boolean tls13() {
        return "TLSv1.3".equals(protocol);
    }

    @Override
    public String toString() {
        return client.getName() + " client -> " + server.getName() + " server, " + protocol + ", " + keyType;
    }
}
