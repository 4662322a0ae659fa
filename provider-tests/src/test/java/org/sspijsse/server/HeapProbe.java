package org.sspijsse.server;

import static org.sspijsse.server.Fixtures.*;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiStreams;

/**
 * The program {@link HeapFlatnessTest} runs in a JVM of its own (small -Xmx): connections of our
 * client against our server on one credential pair, in memory, heap after GC printed as
 * {@code heap <connections> <bytes>}; then {@code idle <client bytes> <server bytes>}: the heap each
 * established idle context keeps. Arguments: {@code tls12|tls13 <connections> <step> <idle>}.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean tls13 = args[0].equals("tls13");
        int n = Integer.parseInt(args[1]);
        int step = Integer.parseInt(args[2]);
        int idle = Integer.parseInt(args[3]);
        CredHandle sc = inbound(server(KeyType.EC_P256));
        // Each connection its own target name (the cache key), as a client of many servers has: the
        // certificate's name is not checked, so one server can stand for all of them.
        CredHandle cc = outbound(clientCredentials().setFlags(SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK)
                .setDisabledProtocols(tls13 ? 0 : SchannelConstants.SP_PROT_TLS1_3));
        for (int i = 0; i < 20; i++) {
            connect(cc, sc, true, "warm" + i); // warm up: classes, caches of the JDK and BC
        }
        System.out.println("heap 0 " + usedAfterGc());
        for (int i = 1; i <= n; i++) {
            connect(cc, sc, true, "host" + i + ".example");
            if (i % step == 0) {
                System.out.println("heap " + i + " " + usedAfterGc());
            }
        }
        // Established idle contexts: both sides kept, nothing pending.
        List<CtxtHandle[]> kept = new ArrayList<>();
        long before = usedAfterGc();
        for (int i = 0; i < idle; i++) {
            kept.add(connect(cc, sc, false, HOST));
        }
        long withBoth = usedAfterGc();
        for (CtxtHandle[] pair : kept) {
            Sspi.deleteSecurityContext(pair[1]);
        }
        long clientsOnly = usedAfterGc();
        for (CtxtHandle[] pair : kept) {
            Sspi.deleteSecurityContext(pair[0]);
        }
        kept.clear();
        long none = usedAfterGc();
        System.out.println("idle " + (clientsOnly - none) / idle + " " + (withBoth - clientsOnly) / idle
                + " (before " + before + ", after delete " + none + ")");
        Sspi.freeCredentialsHandle(cc);
        Sspi.freeCredentialsHandle(sc);
    }

    /** One handshake (and the client's NewSessionTickets); deletes both contexts unless {@code !delete}. */
    private static CtxtHandle[] connect(CredHandle cc, CredHandle sc, boolean delete, String target) {
        AscPeer server = AscPeer.of(sc);
        SspiClientLoop.Result r = SspiClientLoop.builder(cc).targetName(target).run(server::receive);
        if (!r.isOk()) {
            throw new IllegalStateException(r.describe());
        }
        byte[] rest = r.leftover();
        if (rest.length > 0) {
            // The server's NewSessionTicket: DecryptMessage hands it back, ISC takes it into the cache.
            SspiStreams.decryptor(r.context()).onRenegotiate(t -> SspiStreams.postHandshake(cc, r.context(), target, t))
                    .feed(rest);
        }
        if (delete) {
            Sspi.deleteSecurityContext(r.context());
            Sspi.deleteSecurityContext(server.context());
            return null;
        }
        return new CtxtHandle[] {r.context(), server.context()};
    }

    private static long usedAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, m.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
