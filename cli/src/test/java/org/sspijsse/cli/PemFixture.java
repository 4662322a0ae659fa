package org.sspijsse.cli;

import java.nio.file.Path;

/** The demo PKI written as PEM files for a peer such as openssl: server chain, key, and CA. */
record PemFixture(Path cert, Path key, Path ca) {

    static PemFixture write(Path dir) throws Exception {
        DemoPki pki = DemoPki.generate("localhost");
        PemFixture f = new PemFixture(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("ca.pem"));
        Pem.write(f.cert(), Pem.certificates(pki.serverChain()));
        Pem.write(f.key(), Pem.privateKey(pki.serverKey()));
        Pem.write(f.ca(), Pem.certificates(pki.root()));
        return f;
    }
}
