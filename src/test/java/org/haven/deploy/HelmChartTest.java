package org.haven.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.haven.web.ProductionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart, rendered for the values combinations an operator is likely to use, checked field by field against
 * the Kubernetes API model ({@link Chart}) and for the settings Haven's promises rest on: restricted pods,
 * secrets only by reference, TLS to the database, and a network policy that lets nothing else in or out.
 */
class HelmChartTest {

    private static final String NAME = "haven";
    private static final Map<String, String> WEB = Map.of("app.kubernetes.io/name", "haven",
            "app.kubernetes.io/instance", "haven", "app.kubernetes.io/component", "web");

    @Test
    void lintsStrictlyWithEachExample(@TempDir Path scratch) throws Exception {
        for (String example : List.of("external", "cloudnativepg")) {
            LintResult lint = Chart.lint(Chart.example(example), scratch.resolve(example));
            assertFalse(lint.isFailed(), example + ": " + lint.getMessages());
        }
    }

    @Test
    void externalDatabaseWithVerifiedTlsBehindTheIngress() throws Exception {
        Chart.Rendered chart = Chart.render(List.of(Chart.example("external")), Map.of());
        assertEquals(Set.of("ConfigMap/haven", "Deployment/haven", "HorizontalPodAutoscaler/haven",
                "Ingress/haven", "NetworkPolicy/haven", "PodDisruptionBudget/haven", "Service/haven",
                "ServiceAccount/haven"), kinds(chart));
        assertTrue(chart.custom().isEmpty(), "no CloudNativePG Cluster for an external database");

        Deployment deployment = chart.one(Deployment.class, NAME);
        assertNull(deployment.getSpec().getReplicas(), "the autoscaler owns the replica count");
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertRestricted(pod, pod.getContainers().get(0));
        assertFalse(pod.getAutomountServiceAccountToken(), "Haven never talks to the Kubernetes API");
        Container haven = pod.getContainers().get(0);
        assertEquals("registry.example.org/advocacy/haven@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", haven.getImage());
        assertProbe(haven.getStartupProbe(), "/q/health/started");
        assertProbe(haven.getReadinessProbe(), "/q/health/ready");
        assertProbe(haven.getLivenessProbe(), "/q/health/live");
        assertNotNull(haven.getResources().getRequests().get("memory"));
        assertNotNull(haven.getResources().getLimits().get("memory"));
        assertNotNull(haven.getResources().getLimits().get("cpu"));
        assertEquals(Map.of(
                        "QUARKUS_DATASOURCE_USERNAME", "haven-db/username",
                        "QUARKUS_DATASOURCE_PASSWORD", "haven-db/password",
                        "HAVEN_RECEIPT_TOKEN_KEY", "haven-keys/receipt-token-key",
                        "HAVEN_REFERRAL_SIGNING_KEY", "haven-keys/referral-signing-key"),
                secretRefs(haven), "every secret comes by reference, none inline");

        Map<String, String> config = chart.configData(NAME);
        assertEquals("jdbc:postgresql://haven-db.example.internal:5432/haven?sslmode=verify-full"
                + "&sslrootcert=/etc/haven/database-ca/ca.crt", config.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("postgresql://haven-db.example.internal:5432/haven?sslmode=verify-full",
                config.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals("HTTPS", config.get("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"));
        assertEquals("/etc/haven/database-ca/ca.crt", config.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"));
        assertEquals("haven-db-ca", volumeSecret(pod, "database-ca"));
        assertEquals(List.of(), prodRefusesDatabase(config), "Haven's prod guard accepts the chart's database URLs");
        assertEquals("Example Migrant Rights Network", config.get("HAVEN_ORGANISATION_NAME"));

        Service service = chart.one(Service.class, NAME);
        assertEquals(List.of("http"), service.getSpec().getPorts().stream().map(p -> p.getTargetPort().getStrVal())
                .toList(), "health and management stay off the Service");
        assertEquals(WEB, service.getSpec().getSelector());

        Ingress ingress = chart.one(Ingress.class, NAME);
        assertEquals(List.of("report.example.org"), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals("report-example-org-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals("false", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/enable-access-log"),
                "the controller keeps no access log of reporters' addresses");

        PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class, NAME);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertEquals(WEB, pdb.getSpec().getSelector().getMatchLabels());
        HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, NAME);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(NAME, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2);

        NetworkPolicy policy = chart.one(NetworkPolicy.class, NAME);
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        assertEquals(WEB, policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(1, policy.getSpec().getIngress().size());
        assertEquals(List.of("ingress-nginx"), policy.getSpec().getIngress().get(0).getFrom().stream()
                .map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList());
        assertEquals(List.of("http"), ports(policy.getSpec().getIngress().get(0).getPorts()));
        assertEquals(List.of("dns:53/UDP,53/TCP", "10.20.0.15/32:5432/TCP", "203.0.113.10/32:443/TCP"),
                egress(policy), "DNS, the database and the police endpoint, nothing else");
    }

    @Test
    void cloudNativePgClusterWithItsOwnCertificateAuthority() throws Exception {
        Chart.Rendered chart = Chart.render(List.of(Chart.example("cloudnativepg")), Map.of());
        assertEquals(1, chart.custom().size());
        Map<String, Object> cluster = chart.custom().get(0);
        assertEquals("postgresql.cnpg.io/v1", cluster.get("apiVersion"));
        assertEquals("Cluster", cluster.get("kind"));
        CloudNativePg.assertValidCluster(cluster);
        assertEquals(3, CloudNativePg.spec(cluster).get("instances"));

        PodSpec pod = chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec();
        assertEquals(Map.of(
                        "QUARKUS_DATASOURCE_USERNAME", "haven-pg-app/username",
                        "QUARKUS_DATASOURCE_PASSWORD", "haven-pg-app/password",
                        "HAVEN_RECEIPT_TOKEN_KEY", "haven-keys/receipt-token-key",
                        "HAVEN_REFERRAL_SIGNING_KEY", "haven-keys/referral-signing-key"),
                secretRefs(pod.getContainers().get(0)));
        assertEquals("haven-pg-ca", volumeSecret(pod, "database-ca"));
        Map<String, String> config = chart.configData(NAME);
        assertEquals("jdbc:postgresql://haven-pg-rw:5432/haven?sslmode=verify-full"
                + "&sslrootcert=/etc/haven/database-ca/ca.crt", config.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals(List.of(), prodRefusesDatabase(config));
        assertEquals(List.of("dns:53/UDP,53/TCP", "cnpg.io/cluster=haven-pg:5432/TCP"),
                egress(chart.one(NetworkPolicy.class, NAME)));
    }

    @Test
    void onionServiceInItsOwnLockedDownPod() throws Exception {
        Chart.Rendered chart = Chart.render(List.of(Chart.example("external"), Chart.example("onion")), Map.of());
        String onion = "havenexamplexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxd.onion";
        assertEquals(onion, chart.configData(NAME).get("HAVEN_ONION_ADDRESS"), "reporter pages send Onion-Location");

        Deployment tor = chart.one(Deployment.class, "haven-tor");
        assertEquals(1, tor.getSpec().getReplicas(), "two Tor instances would fight over one onion key");
        PodSpec pod = tor.getSpec().getTemplate().getSpec();
        assertRestricted(pod, pod.getContainers().get(0));
        assertEquals("haven-onion", volumeSecret(pod, "onion-keys"));
        assertTrue(chart.configData("haven-tor").get("torrc.template").contains("SocksPort 0"));
        assertTrue(chart.configData("haven-tor").get("start.sh").contains("haven.advocacy.svc"));

        NetworkPolicy havenPolicy = chart.one(NetworkPolicy.class, NAME);
        List<NetworkPolicyPeer> from = havenPolicy.getSpec().getIngress().get(0).getFrom();
        assertEquals(2, from.size());
        assertEquals("tor", from.get(1).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
        NetworkPolicy torPolicy = chart.one(NetworkPolicy.class, "haven-tor");
        assertEquals(List.of("Ingress", "Egress"), torPolicy.getSpec().getPolicyTypes());
        assertTrue(torPolicy.getSpec().getIngress().isEmpty(), "nothing may connect to the Tor pod");
        NetworkPolicyPeer internet = torPolicy.getSpec().getEgress().get(2).getTo().get(0);
        assertEquals("0.0.0.0/0", internet.getIpBlock().getCidr());
        assertTrue(internet.getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16")), "the Tor pod reaches the Tor network, not the cluster's private ranges");
    }

    @Test
    void fixedReplicasWithoutAnAutoscaler() throws Exception {
        Chart.Rendered chart = Chart.render(List.of(Chart.example("external")), Map.of(
                "autoscaling.enabled", false, "replicaCount", 3));
        assertEquals(3, chart.one(Deployment.class, NAME).getSpec().getReplicas());
        assertTrue(chart.all(HorizontalPodAutoscaler.class).isEmpty());
        assertEquals(1, chart.one(PodDisruptionBudget.class, NAME).getSpec().getMinAvailable().getIntVal());
    }

    @Test
    void localTlsProxyWithoutIngressOrNetworkPolicy() throws Exception {
        Chart.Rendered chart = Chart.render(List.of(Chart.example("external")), Map.of(
                "database.tls.mode", "disable", "database.tls.allowPlaintext", true, "database.tls.caSecret", "",
                "database.external.host", "127.0.0.1", "ingress.enabled", false, "networkPolicy.enabled", false));
        assertTrue(chart.all(Ingress.class).isEmpty());
        assertTrue(chart.all(NetworkPolicy.class).isEmpty());
        Map<String, String> config = chart.configData(NAME);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/haven?sslmode=disable", config.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("true", config.get("HAVEN_DATABASE_ALLOW_PLAINTEXT"));
        assertEquals(List.of(), prodRefusesDatabase(config), "prod accepts plaintext only with the explicit waiver");
        PodSpec pod = chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec();
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getName().equals("database-ca")));
    }

    @Test
    void podRunsAsTheUserTheImageIsBuiltWith() throws Exception {
        java.util.Properties application = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
        PodSpec pod = Chart.render(List.of(Chart.example("external")), Map.of()).one(Deployment.class, NAME)
                .getSpec().getTemplate().getSpec();
        assertEquals(Long.valueOf(application.getProperty("quarkus.jib.user")), pod.getSecurityContext().getRunAsUser(),
                "the chart's runAsUser is quarkus.jib.user, the image's user");
    }

    @Test
    void everyHavenSettingTheChartSetsExistsInHavenConfig() throws Exception {
        Set<String> unknown = new TreeSet<>();
        for (List<Path> values : List.of(List.of(Chart.example("external"), Chart.example("onion")),
                List.of(Chart.example("cloudnativepg")))) {
            Chart.Rendered chart = Chart.render(values, Map.of());
            Set<String> names = new TreeSet<>(chart.configData(NAME).keySet());
            names.addAll(secretRefs(chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec()
                    .getContainers().get(0)).keySet());
            names.stream().filter(n -> n.startsWith("HAVEN_")).filter(n -> !HavenSettings.ENVIRONMENT_NAMES.contains(n))
                    .forEach(unknown::add);
        }
        assertEquals(Set.of(), unknown, "the chart sets settings Haven does not read");
    }

    static void assertRestricted(PodSpec pod, Container container) {
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        SecurityContext security = container.getSecurityContext();
        assertFalse(security.getAllowPrivilegeEscalation());
        assertTrue(security.getReadOnlyRootFilesystem());
        assertTrue(security.getRunAsNonRoot());
        assertFalse(security.getPrivileged());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty());
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType());
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                "a writable tmp under the read-only root");
        assertTrue(pod.getVolumes().stream().filter(v -> v.getHostPath() != null).findAny().isEmpty());
        assertNull(pod.getHostNetwork());
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("management", probe.getHttpGet().getPort().getStrVal());
    }

    private static Set<String> kinds(Chart.Rendered chart) {
        return chart.resources().stream().map(r -> r.getKind() + "/" + r.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> secretRefs(Container container) {
        for (EnvVar env : container.getEnv()) {
            assertNull(env.getValue(), env.getName() + " must come from a Secret, not inline");
        }
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
                env -> env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey()));
    }

    private static String volumeSecret(PodSpec pod, String volume) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + volume)).getSecret().getSecretName();
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getStrVal() != null ? p.getPort().getStrVal()
                : p.getPort().getIntVal() + "/" + p.getProtocol()).toList();
    }

    /** Each egress rule as {@code destination:ports}. */
    private static List<String> egress(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream().map(HelmChartTest::describe).toList();
    }

    private static String describe(NetworkPolicyEgressRule rule) {
        String to = rule.getTo().stream().map(peer -> {
            if (peer.getIpBlock() != null) {
                return peer.getIpBlock().getCidr();
            }
            if (peer.getNamespaceSelector() != null) {
                return "dns";
            }
            return peer.getPodSelector().getMatchLabels().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }).collect(Collectors.joining("+"));
        return to + ":" + String.join(",", ports(rule.getPorts()));
    }

    private static List<String> prodRefusesDatabase(Map<String, String> config) {
        return ProductionSettings.database(Optional.ofNullable(config.get("QUARKUS_DATASOURCE_REACTIVE_URL")),
                Optional.ofNullable(config.get("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE")),
                Optional.ofNullable(config.get("QUARKUS_DATASOURCE_JDBC_URL")),
                Boolean.parseBoolean(config.get("HAVEN_DATABASE_ALLOW_PLAINTEXT")));
    }
}
