package org.haven.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.crypto.Base64Url;
import org.haven.web.ProductionSettings;
import org.junit.jupiter.api.Test;

/**
 * The Secret the chart generates when asked to ({@code secrets.generate}): random keys Haven's prod guard
 * accepts on first install, and the very same keys read back on every upgrade (a new receipt-token key would
 * lock every reporter out of their mailbox). Helm's {@code lookup} runs against {@link StandInKubernetesApi}.
 */
class ChartKeysTest {

    private static final Map<String, Object> GENERATE = Map.of("secrets.existingSecret", "", "secrets.generate", true);

    @Test
    void firstInstallDrawsKeysProdAcceptsAndUpgradesKeepThem() throws Exception {
        try (StandInKubernetesApi api = new StandInKubernetesApi()) {
            Secret first = keys(Chart.render(List.of(Chart.example("external")), GENERATE));
            assertTrue(api.requests.contains("GET /api/v1/namespaces/advocacy/secrets/haven-keys"), api.requests.toString());
            assertEquals("keep", first.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                    "uninstalling must not destroy the keys that open every mailbox");
            String receipt = decoded(first, "receipt-token-key");
            String signing = decoded(first, "referral-signing-key");
            assertEquals(32, Base64.getDecoder().decode(receipt).length);
            assertEquals(32, Base64Url.decode(signing).length);
            assertEquals(List.of(), ProductionSettings.keys(Optional.of(receipt), Optional.of(signing)),
                    "Haven's prod guard accepts the generated keys");

            Secret other = keys(Chart.render(List.of(Chart.example("external")), GENERATE));
            assertNotEquals(receipt, decoded(other, "receipt-token-key"), "another installation draws its own keys");

            api.putSecret(Chart.NAMESPACE, "haven-keys", JsonMapper.builder().build().writeValueAsString(first));
            Secret upgraded = keys(Chart.render(List.of(Chart.example("external")), GENERATE));
            assertEquals(receipt, decoded(upgraded, "receipt-token-key"), "an upgrade keeps the receipt-token key");
            assertEquals(signing, decoded(upgraded, "referral-signing-key"), "an upgrade keeps the signing key");
        }
    }

    private static Secret keys(Chart.Rendered chart) {
        return chart.one(Secret.class, "haven-keys");
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
    }
}
