package org.sspijsse.schannel;

import org.sspijsse.sspi.SecStatus;

/**
 * The status of one ISC/ASC handshake step, chosen from what the step saw (DESIGN.md, layer 2,
 * step 4). Pure, with its own table test. Order matters: a failure beats everything; a credential
 * request stops the step before completion; a step that consumed nothing and produced nothing was
 * short of a whole record.
 */
final class StatusChooser {
    private StatusChooser() {
    }

    /**
     * @param failure the sticky failure status, or {@code SEC_E_OK} when none
     * @param needsCredentials the server asked for a certificate the credentials cannot supply
     * @param completed the handshake finished in this step
     * @param consumedAny at least one whole record was consumed
     * @param producedOutput a token (possibly only part of a flight) is to be sent
     */
    static int choose(int failure, boolean needsCredentials, boolean completed, boolean consumedAny,
            boolean producedOutput) {
        if (failure != SecStatus.SEC_E_OK) {
            return failure;
        }
        if (needsCredentials) {
            return SecStatus.SEC_I_INCOMPLETE_CREDENTIALS;
        }
        if (completed) {
            return SecStatus.SEC_E_OK;
        }
        if (consumedAny || producedOutput) {
            // "The output token can be empty" (the seed page): a step may consume records and
            // owe nothing yet, e.g. a flight split across reads.
            return SecStatus.SEC_I_CONTINUE_NEEDED;
        }
        return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
    }
}
