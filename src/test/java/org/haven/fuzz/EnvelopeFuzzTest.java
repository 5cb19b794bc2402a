package org.haven.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.haven.crypto.Envelope;
import org.haven.crypto.EnvelopeException;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;

/**
 * The envelope parser and opener take whatever a client sends. Whatever it is, the only failure allowed is an
 * {@link EnvelopeException} (answered 400); anything else (a NullPointerException, an index out of bounds, a
 * stack overflow) would be a 500 and a bug. Inputs Jazzer found are kept under
 * {@code src/test/resources/org/haven/fuzz/EnvelopeFuzzTestInputs} and replayed by every test run.
 */
class EnvelopeFuzzTest {

    private static final Hpke.KeyPair KEY = Hpke.generateKeyPair();

    @FuzzTest(maxDuration = "2m")
    void parsingAndOpeningFailOnlyAsEnvelopeErrors(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        try {
            Envelope envelope = Envelope.parse(json);
            Envelopes.open(envelope, Purpose.REPORT, KEY.privateKey());
        } catch (EnvelopeException expected) {
            // refused as malformed or not openable: a 400, as it should be
        }
    }

    @FuzzTest(maxDuration = "1m")
    void aValidEnvelopeWithFuzzedCiphertextNeverOpens(FuzzedDataProvider data) {
        byte[] plaintext = data.consumeBytes(200);
        Envelope sealed = Envelopes.seal(Purpose.REPORT, "org-fuzz", KEY.publicKey(), plaintext);
        String mutated = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
        if (mutated.isEmpty() || mutated.equals(sealed.ct())) {
            return;
        }
        try {
            Envelopes.open(new Envelope(sealed.v(), sealed.kid(), sealed.enc(), mutated), Purpose.REPORT,
                    KEY.privateKey());
            throw new AssertionError("a changed ciphertext opened: " + mutated);
        } catch (EnvelopeException | IllegalArgumentException expected) {
            // the tag does not match, or the text is not base64url
        }
    }
}
