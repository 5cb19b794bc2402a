package org.haven.crypto;

import static org.haven.crypto.Rfc9180Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haven.browser.BrowserModuleTest;
import org.junit.jupiter.api.Test;

/**
 * The browser modules, run in real headless Chromium against the app's own /js/, checked against RFC 9180 and
 * against the Java side in both directions.
 */
@QuarkusTest
class BrowserCryptoTest extends BrowserModuleTest {

    /** The modules every test body here may use. */
    private static final String IMPORTS = """
            const hpke = await import('/js/hpke.js');
            const env = await import('/js/envelope.js');
            const receipt = await import('/js/receipt.js');
            """;
    private static final String REPORT = "Two men broke the window of our shop. "
            + "\u0643\u0633\u0631 \u0631\u062c\u0644\u0627\u0646 \u0646\u0627\u0641\u0630\u0629 \u0627\u0644\u0645\u062d\u0644.";

    @Test
    void javascriptReproducesRfc9180A31() {
        Map<String, Object> result = js("""
                const [skE, pkE, pkR, skR, info, aad, pt] = args;
                const ephemeral = { privateKey: await hpke.importPrivateKey(hex(skE), hex(pkE)), publicKey: hex(pkE) };
                const sealed = await hpke.sealWithEphemeral(ephemeral, hex(pkR), hex(info), hex(aad), hex(pt));
                const recipient = await hpke.importPrivateKey(hex(skR), hex(pkR));
                const opened = await hpke.open(recipient, sealed.enc, hex(info), hex(aad), sealed.ct);
                return { enc: toHex(sealed.enc), ct: toHex(sealed.ct), opened: toHex(opened) };
                """, SK_EM, PK_EM, PK_RM, SK_RM, INFO, AAD_0, PT_0);
        assertEquals(ENC, result.get("enc"));
        assertEquals(CT_0, result.get("ct"));
        assertEquals(PT_0, result.get("opened"));
    }

    @Test
    void envelopeSealedInJavascriptOpensInJava() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        String json = js("""
                const [publicKey, text] = args;
                return JSON.stringify(await env.sealEnvelope('report', 'intake-2026-1', publicKey, utf8.encode(text)));
                """, Base64Url.encode(intake.publicKey()), REPORT);
        Envelope envelope = Envelope.parse(json);
        assertEquals("intake-2026-1", envelope.kid());
        byte[] opened = Envelopes.open(envelope, Purpose.REPORT, intake.privateKey());
        assertEquals(REPORT, new String(opened, StandardCharsets.UTF_8));
        assertThrows(DecryptionException.class, () -> Envelopes.open(envelope, Purpose.MESSAGE, intake.privateKey()));
    }

    @Test
    void envelopeSealedInJavaOpensInJavascript() {
        Hpke.KeyPair caseworker = Hpke.generateKeyPair();
        Envelope envelope = Envelopes.seal(Purpose.NOTE, "cw-7", caseworker.publicKey(),
                REPORT.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> result = js("""
                const [json, d, publicKey] = args;
                const key = await hpke.importPrivateKey(env.b64urlDecode(d), env.b64urlDecode(publicKey));
                const envelope = JSON.parse(json);
                const text = new TextDecoder().decode(await env.openEnvelope(envelope, 'note', key));
                return {
                  text,
                  wrongPurposeRejected: await rejects(env.openEnvelope(envelope, 'reply', key)),
                  otherKidRejected: await rejects(env.openEnvelope({ ...envelope, kid: 'cw-8' }, 'note', key)),
                  extraFieldRejected: await rejects(env.openEnvelope({ ...envelope, x: 1 }, 'note', key)),
                };
                """, envelope.toJson(), Base64Url.encode(caseworker.privateKey()),
                Base64Url.encode(caseworker.publicKey()));
        assertEquals(REPORT, result.get("text"));
        assertEquals(true, result.get("wrongPurposeRejected"));
        assertEquals(true, result.get("otherKidRejected"));
        assertEquals(true, result.get("extraFieldRejected"));
    }

    @Test
    void paddingAgrees() {
        List<Long> sizes = List.of(0L, 1L, 1020L, 1021L, 5000L, 8000L, 8188L, 8189L, 1048572L, 1048573L, 2200000L);
        List<Object> padded = js("""
                return args[0].map((n) => env.pad(new Uint8Array(n)).length);
                """, sizes);
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i).intValue();
            assertEquals((long) Padding.pad(new byte[size]).length, padded.get(i), "padded length of " + size);
        }
    }

    @Test
    void lookupTokenAgrees() {
        String receipt = ReceiptKeys.newReceipt(new SecureRandom());
        String token = js("return receipt.lookupToken(args[0]);", receipt);
        assertEquals(Base64Url.encode(ReceiptKeys.lookupToken(receipt)), token);
    }

    @Test
    void mailboxKeyWrappedInJavascriptUnwrapsInJava() {
        String receipt = ReceiptKeys.newReceipt(new SecureRandom());
        Map<String, Object> result = js("""
                const pair = await hpke.generateKeyPair();
                const other = await hpke.generateKeyPair();
                const wrapped = await receipt.wrapPrivateKey(args[0], pair.d, pair.publicKey);
                return {
                  wrapped: JSON.stringify(wrapped),
                  d: env.b64urlEncode(pair.d),
                  mismatchRejected: await rejects(receipt.wrapPrivateKey(args[0], pair.d, other.publicKey)),
                };
                """, receipt);
        ReceiptKeys.WrappedKey wrapped = ReceiptKeys.WrappedKey.parse((String) result.get("wrapped"));
        assertEquals(wrapped.toJson(), result.get("wrapped"));
        assertArrayEquals(Base64Url.decode((String) result.get("d")), ReceiptKeys.unwrap(receipt, wrapped));
        String wrong = receipt.charAt(0) == '9' ? "0" + receipt.substring(1) : "9" + receipt.substring(1);
        assertThrows(DecryptionException.class, () -> ReceiptKeys.unwrap(wrong, wrapped));
        assertEquals(true, result.get("mismatchRejected"));
    }

    @Test
    void mailboxKeyWrappedInJavaUnwrapsInJavascriptAndOpensAReply() {
        String receipt = ReceiptKeys.newReceipt(new SecureRandom());
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        ReceiptKeys.WrappedKey wrapped = ReceiptKeys.wrap(receipt, mailbox.privateKey(), mailbox.publicKey());
        Envelope reply = Envelopes.seal(Purpose.REPLY, "mailbox", mailbox.publicKey(),
                "We have read your report.".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> result = js("""
                const [typed, wrappedJson, replyJson, wrongReceipt] = args;
                const key = await receipt.unwrapPrivateKey(typed, JSON.parse(wrappedJson));
                const jwk = await crypto.subtle.exportKey('jwk', key);
                const text = new TextDecoder().decode(await env.openEnvelope(JSON.parse(replyJson), 'reply', key));
                return {
                  d: jwk.d,
                  text,
                  wrongReceiptRejected: await rejects(receipt.unwrapPrivateKey(wrongReceipt, JSON.parse(wrappedJson))),
                };
                """, receipt, wrapped.toJson(), reply.toJson(), receipt.charAt(15) == '0' ? receipt.substring(0, 15)
                + "1" : receipt.substring(0, 15) + "0");
        assertEquals(Base64Url.encode(mailbox.privateKey()), result.get("d"));
        assertEquals("We have read your report.", result.get("text"));
        assertEquals(true, result.get("wrongReceiptRejected"));
    }

    @Test
    void receiptHandlingAgrees() {
        List<String> typed = new ArrayList<>(List.of(
                "1234567890123456", "1234 5678 9012 3456", "1234-5678-9012-3456", "1234.5678.9012.3456",
                "\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668 \u0669\u0660\u0661\u0662 \u0663\u0664\u0665\u0666",
                "\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6",
                "\u200f1234\u061c5678\u00ad9012\u30003456", "1234\u20135678\u20149012\u00b73456",
                "(1234) 5678 #9012* 3456", "\u201c1234567890123456\u201d", "1234\u20285678\u20299012\t3456",
                "123456789012345", "12345678901234567", "1234 5678 9012 345O", "1234+5678+9012+3456",
                "1234~5678~9012~3456", "\u00b9234567890123456", "\u2460234567890123456",
                // Unicode 14 Tangsa digits: a browser's own \p{Nd} knows them, the fixed table does not.
                "\ud81a\udec1234567890123456", ""));
        for (int zero : ReceiptDigits.DIGIT_ZEROS) {
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                digits.appendCodePoint(zero + (i * 7) % 10);
            }
            typed.add(digits.toString());
        }
        Map<String, Object> result = js("""
                return {
                  normalised: args[0].map((t) => receipt.normaliseReceipt(t)),
                  grouped: receipt.groupReceipt('1234567890123456'),
                  fresh: Array.from({ length: 20 }, () => receipt.newReceipt()),
                };
                """, typed);
        List<?> normalised = (List<?>) result.get("normalised");
        for (int i = 0; i < typed.size(); i++) {
            assertEquals(ReceiptKeys.normalise(typed.get(i)).orElse(null), normalised.get(i),
                    "normalising " + typed.get(i).codePoints().mapToObj(Integer::toHexString).toList());
        }
        assertEquals("0741852963074185", normalised.get(normalised.size() - 1));
        assertEquals(ReceiptKeys.group("1234567890123456"), result.get("grouped"));
        for (Object fresh : (List<?>) result.get("fresh")) {
            assertTrue(((String) fresh).matches("[0-9]{16}"), (String) fresh);
        }
    }

    @Test
    void measuresSealingAnEightKilobyteReport() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        Map<String, Object> result = js("""
                const [publicKey] = args;
                const report = new Uint8Array(8000).fill(0x61);
                for (let i = 0; i < 10; i++) await env.sealEnvelope('report', 'intake', publicKey, report);
                const runs = 50;
                let last;
                const start = performance.now();
                for (let i = 0; i < runs; i++) last = await env.sealEnvelope('report', 'intake', publicKey, report);
                const ms = (performance.now() - start) / runs;
                const mailbox = await hpke.generateKeyPair();
                const wrapStart = performance.now();
                await receipt.wrapPrivateKey('1234567890123456', mailbox.d, mailbox.publicKey);
                const wrapMs = performance.now() - wrapStart;
                const tokenStart = performance.now();
                await receipt.lookupToken('1234567890123456');
                const tokenMs = performance.now() - tokenStart;
                return { ms, wrapMs, tokenMs, envelope: JSON.stringify(last) };
                """, Base64Url.encode(intake.publicKey()));
        byte[] opened = Envelopes.open(Envelope.parse((String) result.get("envelope")), Purpose.REPORT,
                intake.privateKey());
        assertEquals(8000, opened.length);
        System.out.printf("Chromium seals an 8 KB report (8 KiB bucket) in %.2f ms on average over 50 runs%n",
                ((Number) result.get("ms")).doubleValue());
        System.out.printf("Chromium wraps a mailbox key (PBKDF2 600 000) in %.0f ms; lookup token (100 000) in %.0f ms%n",
                ((Number) result.get("wrapMs")).doubleValue(), ((Number) result.get("tokenMs")).doubleValue());
    }

    @Override
    protected String imports() {
        return IMPORTS;
    }
}
