package org.sspijsse.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Where our side's bytes go and the peer's bytes come from: a socket ({@link SocketTransport}) or an
 * in-memory peer function such as {@code SunJssePeer::receive} ({@link #of(Function)}).
 */
public interface Transport {

    /** Sends bytes to the peer. */
    void send(byte[] bytes) throws IOException;

    /**
     * Bytes the peer sent since the last call, waiting at most {@code timeout} for some to arrive:
     * an empty array when none arrived in time, {@code null} when none ever will (the peer closed
     * the connection, or an in-memory peer has nothing more to say).
     */
    byte[] receive(Duration timeout) throws IOException;

    /** Bytes that have already arrived, without waiting (possibly none). */
    default byte[] available() throws IOException {
        return new byte[0];
    }

    /**
     * An in-memory peer: {@code send} hands the bytes to {@code peer} at once and queues its answer,
     * {@code receive} returns the queue (asking the peer with an empty input when the queue is
     * empty, e.g. for a client peer's first flight) or null when it has nothing.
     */
    static Transport of(Function<byte[], byte[]> peer) {
        return new Transport() {
            private final java.io.ByteArrayOutputStream queued = new java.io.ByteArrayOutputStream();

            @Override
            public void send(byte[] bytes) {
                byte[] answer = peer.apply(bytes);
                if (answer != null) {
                    queued.writeBytes(answer);
                }
            }

            @Override
            public byte[] available() {
                byte[] out = queued.toByteArray();
                queued.reset();
                return out;
            }

            @Override
            public byte[] receive(Duration timeout) {
                if (queued.size() == 0) {
                    byte[] more = peer.apply(new byte[0]);
                    if (more == null || more.length == 0) {
                        return null;
                    }
                    return more;
                }
                byte[] out = queued.toByteArray();
                queued.reset();
                return out;
            }
        };
    }
}
