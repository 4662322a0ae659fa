package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PeersTest {
    @Test
    void aMissingToolFailsUnderCiAndSkipsElsewhere() {
        String tool = "no-such-tool-7f3a";
        if (Peers.isCi()) {
            assertThrows(AssertionError.class, () -> Peers.requireTool(tool));
        } else {
            assertThrows(TestAbortedException.class, () -> Peers.requireTool(tool));
        }
    }

    @Test
    void aToolOnThePathIsFound() {
        assertTrue(Peers.findOnPath("sh").isPresent());
    }
}
