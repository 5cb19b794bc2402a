package org.haven.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values that would run Haven unsafely, or not at all, fail at install time (values.schema.json), each with a
 * message that names the value to fix. Each case starts from a valid example and changes one thing.
 */
class ChartValuesRefusalTest {

    static List<Arguments> unsafeValues() {
        return List.of(
                Arguments.of("no organisation name", Map.of("organisation.name", ""), "organisation"),
                Arguments.of("ingress without TLS", Map.of("ingress.tls.secretName", ""), "tls"),
                Arguments.of("verify-full without the CA", Map.of("database.tls.caSecret", ""), "caSecret"),
                Arguments.of("plain database connection without the waiver", Map.of("database.tls.mode", "disable"),
                        "allowPlaintext"),
                Arguments.of("the waiver with TLS on", Map.of("database.tls.allowPlaintext", true), "allowPlaintext"),
                Arguments.of("unknown TLS mode", Map.of("database.tls.mode", "prefer"), "mode"),
                Arguments.of("neither a keys Secret nor generated keys", Map.of("secrets.existingSecret", ""), "secrets"),
                Arguments.of("a secret smuggled in as a setting", Map.of("haven.extraEnv.HAVEN_RECEIPT_TOKEN_KEY", "x"),
                        "extraEnv"),
                Arguments.of("plain HTTP to police", Map.of("haven.extraEnv.HAVEN_REFERRAL_ALLOW_PLAIN_HTTP", true),
                        "extraEnv"),
                Arguments.of("a typo in a value's name", Map.of("replicas", 3), "replicas"),
                Arguments.of("an external database with no address for the network policy",
                        Map.of("networkPolicy.databaseCidrs", List.of()), "databaseCidrs"),
                Arguments.of("a police endpoint that is not a CIDR",
                        Map.of("networkPolicy.policeEndpoints[0].cidr", "police.example.org"), "cidr"),
                Arguments.of("an onion service with a wrong address", Map.of("tor.enabled", true,
                        "tor.existingSecret", "haven-onion", "tor.onionAddress", "expyuzz4wqqyqhjn.onion"), "onionAddress"),
                Arguments.of("an onion service without its keys", Map.of("tor.enabled", true,
                        "tor.onionAddress", "havenexamplexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxd.onion"), "existingSecret"),
                Arguments.of("one replica that a disruption budget would pin", Map.of("autoscaling.enabled", false,
                        "replicaCount", 1), "replicaCount"),
                Arguments.of("an image digest that is not one", Map.of("image.digest", "latest"), "digest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeValues")
    void refusedAtInstallTime(String what, Map<String, Object> change, String named) {
        List<Path> values = List.of(Chart.example("external"));
        Chart.template(values, Map.of()); // the starting point renders
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Chart.template(values, change),
                what + " must be refused");
        assertTrue(refused.getMessage().contains(named), what + ": the message names " + named + ": "
                + refused.getMessage());
    }
}
