package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = PasswordHashing.hash("correct horse battery staple", 8 * 1024, 1, 1);
        assertTrue(stored.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"));
        assertTrue(PasswordHashing.verify("correct horse battery staple", stored));
        assertFalse(PasswordHashing.verify("correct horse battery stapl", stored));
        assertFalse(PasswordHashing.verify("correct horse battery staple", stored.replace("t=1", "t=2")));
        assertFalse(PasswordHashing.verify("anything", "not a hash"));
        assertTrue(PasswordHashing.needsRehash(stored));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(PasswordHashing.hash("same", 8 * 1024, 1, 1), PasswordHashing.hash("same", 8 * 1024, 1, 1));
    }

    @Test
    void defaultParametersAreAtLeast64MiB() {
        String stored = PasswordHashing.hash("default");
        assertTrue(stored.contains("m=65536,t=3,p=1"));
        assertTrue(PasswordHashing.verify("default", stored));
        assertFalse(PasswordHashing.needsRehash(stored));
    }
}
