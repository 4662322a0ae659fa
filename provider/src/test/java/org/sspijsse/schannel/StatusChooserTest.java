package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sspijsse.sspi.SecStatus.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusChooserTest {

    /** failure, needsCredentials, completed, consumedAny, producedOutput -> status: the whole table. */
    @ParameterizedTest(name = "{0} creds={1} done={2} consumed={3} output={4} -> {5}")
    @CsvSource({
        // a failure wins over everything
        "SEC_E_UNTRUSTED_ROOT, true,  true,  true,  true,  SEC_E_UNTRUSTED_ROOT",
        "SEC_E_INVALID_TOKEN,  false, false, false, false, SEC_E_INVALID_TOKEN",
        // a credential request stops the step before completion
        "SEC_E_OK, true,  false, true,  true,  SEC_I_INCOMPLETE_CREDENTIALS",
        "SEC_E_OK, true,  true,  true,  false, SEC_I_INCOMPLETE_CREDENTIALS",
        // completion, with or without a token to send
        "SEC_E_OK, false, true,  true,  true,  SEC_E_OK",
        "SEC_E_OK, false, true,  true,  false, SEC_E_OK",
        // progress without completion: continue, even with an empty token
        "SEC_E_OK, false, false, true,  false, SEC_I_CONTINUE_NEEDED",
        "SEC_E_OK, false, false, true,  true,  SEC_I_CONTINUE_NEEDED",
        "SEC_E_OK, false, false, false, true,  SEC_I_CONTINUE_NEEDED",
        // nothing consumed, nothing produced: short of a whole record
        "SEC_E_OK, false, false, false, false, SEC_E_INCOMPLETE_MESSAGE",
    })
    void choose_eachCombination_givesTheDocumentedStatus(String failure, boolean creds, boolean done, boolean consumed,
            boolean output, String expected) throws Exception {
        int f = org.sspijsse.sspi.SecStatus.class.getField(failure).getInt(null);
        int want = org.sspijsse.sspi.SecStatus.class.getField(expected).getInt(null);
        assertEquals(want, StatusChooser.choose(f, creds, done, consumed, output));
    }
}
