package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoIntakeKeyCheckTest {

    @Test
    void refusesAnActiveDemoKeyNamingIt() {
        List<String> problems = DemoIntakeKeyCheck.problems("demo-20260101000000");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("demo-20260101000000") && problems.get(0).contains("intake_key.active"));
    }

    @Test
    void acceptsTheOrganisationsKeyOrNone() {
        assertEquals(List.of(), DemoIntakeKeyCheck.problems("org-2026-01"));
        assertEquals(List.of(), DemoIntakeKeyCheck.problems(null));
    }
}
