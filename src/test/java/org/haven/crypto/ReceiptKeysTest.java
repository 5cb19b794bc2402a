package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiptKeysTest {

    private static final String RECEIPT = "1234567890123456";

    @Test
    void newReceiptsAreSixteenAsciiDigits() {
        SecureRandom random = new SecureRandom();
        int[] counts = new int[10];
        for (int i = 0; i < 1000; i++) {
            String receipt = ReceiptKeys.newReceipt(random);
            assertTrue(receipt.matches("[0-9]{16}"), receipt);
            receipt.chars().forEach(c -> counts[c - '0']++);
        }
        for (int count : counts) {
            assertTrue(count > 1200 && count < 2000, "digit frequency " + count + " of 16000");
        }
    }

    @Test
    void groupsLikeAPhoneNumber() {
        assertEquals("1234 5678 9012 3456", ReceiptKeys.group(RECEIPT));
        assertThrows(IllegalArgumentException.class, () -> ReceiptKeys.group("123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1234567890123456",
        "1234 5678 9012 3456",
        " 1234-5678-9012-3456 ",
        "1234.5678.9012.3456",
        "1234\u00a05678\u20099012\t3456\n",
        "\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668 \u0669\u0660\u0661\u0662 \u0663\u0664\u0665\u0666",
        "\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6",
        "\u200f\u0661\u0662\u0663\u0664\u200f 5678 \u096f\u0966\u0967\u0968 \uff13\uff14\uff15\uff16",
        "(1234) 5678\u20129012/3456",
    })
    void foldsWhatReportersTypeIntoTheReceipt(String typed) {
        assertEquals(Optional.of(RECEIPT), ReceiptKeys.normalise(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "123456789012345",
        "12345678901234567",
        "1234 5678 9012 345O",
        "1234 5678 9012 3456 7",
        "1234+5678+9012+3456",
        "\u00b9234567890123456",
        "\u2460234567890123456",
    })
    void rejectsAnythingButSixteenDigits(String typed) {
        assertEquals(Optional.empty(), ReceiptKeys.normalise(typed));
    }

    @Test
    void normalisesNullToEmpty() {
        assertEquals(Optional.empty(), ReceiptKeys.normalise(null));
    }

    @Test
    void digitTableMatchesTheRuntimeForEveryListedRun() {
        for (int zero : ReceiptDigits.DIGIT_ZEROS) {
            for (int k = 0; k < 10; k++) {
                assertEquals(k, Character.digit(zero + k, 10), Integer.toHexString(zero + k));
            }
        }
        assertEquals(-1, ReceiptDigits.digitValue('a'));
    }

    @Test
    void lookupTokenIsPbkdf2OfTheDigits() throws Exception {
        byte[] token = ReceiptKeys.lookupToken(RECEIPT);
        assertEquals(32, token.length);
        assertArrayEquals(token, pbkdf2HmacSha256(RECEIPT.getBytes(), "haven/v1/lookup-token".getBytes(), 100_000));
        assertNotEquals(HexFormat.of().formatHex(token),
                HexFormat.of().formatHex(ReceiptKeys.lookupToken("1234567890123457")));
    }

    @Test
    void lookupTokenMatchesTheExampleInTheSpecification() {
        assertEquals("nyNZjliw82RhFYzpI3aSkuci7ykHR9nrFtPDFZNEFp8", Base64Url.encode(ReceiptKeys.lookupToken(RECEIPT)));
    }

    @Test
    void wrapsAndUnwrapsTheMailboxKey() throws Exception {
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        ReceiptKeys.WrappedKey wrapped = ReceiptKeys.wrap(RECEIPT, mailbox.privateKey(), mailbox.publicKey());
        assertEquals("PBKDF2-SHA256/AES-256-GCM", wrapped.alg());
        assertEquals(600_000, wrapped.iter());
        ReceiptKeys.WrappedKey parsed = ReceiptKeys.WrappedKey.parse(wrapped.toJson());
        assertEquals(wrapped, parsed);
        assertArrayEquals(mailbox.privateKey(), ReceiptKeys.unwrap(RECEIPT, parsed));
        assertEquals(wrapped, new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(wrapped),
                ReceiptKeys.WrappedKey.class));
    }

    @Test
    void wrongReceiptDoesNotUnwrap() {
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        ReceiptKeys.WrappedKey wrapped = ReceiptKeys.wrap(RECEIPT, mailbox.privateKey(), mailbox.publicKey());
        assertThrows(DecryptionException.class, () -> ReceiptKeys.unwrap("1234567890123457", wrapped));
    }

    @Test
    void refusesToWrapAMismatchedKeyPair() {
        Hpke.KeyPair one = Hpke.generateKeyPair();
        Hpke.KeyPair two = Hpke.generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> ReceiptKeys.wrap(RECEIPT, one.privateKey(), two.publicKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"alg\":\"PBKDF2-SHA256/AES-128-GCM\",\"iter\":600000,\"salt\":\"SALT\",\"iv\":\"IV\",\"ct\":\"CT\"}",
        "{\"alg\":\"PBKDF2-SHA256/AES-256-GCM\",\"iter\":1000,\"salt\":\"SALT\",\"iv\":\"IV\",\"ct\":\"CT\"}",
        "{\"alg\":\"PBKDF2-SHA256/AES-256-GCM\",\"iter\":600000,\"salt\":\"IV\",\"iv\":\"IV\",\"ct\":\"CT\"}",
        "{\"alg\":\"PBKDF2-SHA256/AES-256-GCM\",\"iter\":600000,\"salt\":\"SALT\",\"iv\":\"SALT\",\"ct\":\"CT\"}",
        "{\"alg\":\"PBKDF2-SHA256/AES-256-GCM\",\"iter\":600000,\"salt\":\"SALT\",\"iv\":\"IV\",\"ct\":\"SALT\"}",
        "{\"alg\":\"PBKDF2-SHA256/AES-256-GCM\",\"iter\":600000,\"salt\":\"SALT\",\"iv\":\"IV\",\"ct\":\"CT\",\"x\":0}",
    })
    void rejectsMalformedWrappedKeys(String template) {
        String json = template.replace("SALT", Base64Url.encode(new byte[16]))
                .replace("IV", Base64Url.encode(new byte[12]))
                .replace("CT", Base64Url.encode(new byte[113]));
        assertThrows(MalformedEnvelopeException.class, () -> ReceiptKeys.WrappedKey.parse(json));
    }

    @Test
    void keyedHashIsHmacSha256() {
        // RFC 4231 test case 2.
        byte[] mac = KeyedHash.hmacSha256("Jefe".getBytes(), "what do ya want for nothing?".getBytes());
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(mac));
    }

    /** An independent PBKDF2 (RFC 8018) over javax.crypto.Mac, so the test does not trust the code it checks. */
    private static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] { 0, 0, 0, 1 });
        byte[] t = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < t.length; j++) {
                t[j] ^= u[j];
            }
        }
        return t;
    }
}
