package org.haven.casework.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.haven.crypto.PasswordHashing;
import org.junit.jupiter.api.Test;

class DemoStaffCheckTest {

    // Cheap Argon2id parameters: the check reads them from the stored hash.
    private static String hash(String password) {
        return PasswordHashing.hash(password, 1024, 1, 1);
    }

    @Test
    void refusesAnAccountThatOpensWithTheDemoPassword() {
        List<String> problems = DemoStaffCheck.problems(Map.of(DemoStaff.ADMIN, hash(DemoStaff.ADMIN_PASSWORD)));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("'admin'") && problems.get(0).contains("staff_account"));
    }

    @Test
    void acceptsDemoNamesWithRealPasswords() {
        // An organisation may call its admin "admin"; what matters is that the published password no longer works.
        assertEquals(List.of(), DemoStaffCheck.problems(Map.of(
                DemoStaff.ADMIN, hash("a real passphrase nobody published"),
                DemoStaff.CASEWORKER, hash(DemoStaff.ADMIN_PASSWORD))));
    }
}
