package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnionLocationTest {

    private static final String ONION = "havenxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxa.onion";

    @Test
    void reporterPagesPointTorBrowserAtTheSamePathOnTheOnion() {
        assertEquals(Optional.of("http://" + ONION + "/ar/report"),
                SecurityHeaders.onionLocation(Optional.of(ONION), "haven.example.org", "/ar/report", false));
    }

    @Test
    void staffPagesAndOnionRequestsGetNoOnionLocation() {
        assertTrue(SecurityHeaders.onionLocation(Optional.of(ONION), "haven.example.org", "/casework/inbox", true)
                .isEmpty());
        assertTrue(SecurityHeaders.onionLocation(Optional.of(ONION), ONION, "/en/", false).isEmpty());
        assertTrue(SecurityHeaders.onionLocation(Optional.empty(), "haven.example.org", "/en/", false).isEmpty());
    }

    @Test
    void refusesAnAddressThatIsNotAV3OnionName() {
        assertEquals(ONION, SecurityHeaders.checkedOnionAddress(" " + ONION.toUpperCase(java.util.Locale.ROOT) + " "));
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> SecurityHeaders.checkedOnionAddress("expyuzz4wqqyqhjn.onion"));
        assertTrue(wrong.getMessage().contains("HAVEN_ONION_ADDRESS"), wrong.getMessage());
        assertThrows(IllegalStateException.class, () -> SecurityHeaders.checkedOnionAddress("https://" + ONION));
    }
}
