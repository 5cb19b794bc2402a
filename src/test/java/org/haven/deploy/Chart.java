package org.haven.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Haven's Helm chart ({@code helm/}) rendered by embedded Helm (helm-java) and read back into the fabric8
 * Kubernetes model. Every manifest must be a kind and apiVersion the model knows, every field must be one the
 * Kubernetes API schema has (an unknown field lands in a model object's additionalProperties, which must stay
 * empty) and every value must have the schema's type (Jackson refuses otherwise).
 */
final class Chart {

    static final Path DIR = Path.of("helm").toAbsolutePath();
    static final String RELEASE = "haven";
    static final String NAMESPACE = "advocacy";
    /** Rendered for a current cluster; Helm's own default (1.20) is older than the chart supports. */
    static final String KUBE_VERSION = "1.31.0";

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** Kinds the chart may render, by apiVersion and kind, with the model class that holds their schema. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private Chart() {
    }

    static Path example(String name) {
        return DIR.resolve("examples").resolve(name + ".yaml");
    }

    /** {@code helm template} with these values files (later ones win) and {@code --set} pairs. */
    static String template(List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(command::withValuesFile);
        set.forEach(command::set);
        return command.call();
    }

    static Rendered render(List<Path> valuesFiles, Map<String, Object> set) throws IOException {
        return Rendered.of(template(valuesFiles, set));
    }

    /**
     * {@code helm lint --strict} over a copy of the chart whose values.yaml is overlaid with {@code example}
     * (lint takes no values file, and the defaults alone are meant to be refused: they name no organisation).
     */
    static LintResult lint(Path example, Path scratch) throws IOException {
        Path copy = scratch.resolve("haven");
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Map<String, Object> values = YAML.readValue(DIR.resolve("values.yaml").toFile(), new TypeReference<>() { });
        Map<String, Object> overlay = YAML.readValue(example.toFile(), new TypeReference<>() { });
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merge(values, overlay));
        return new Helm(copy).lint().strict().call();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object old = merged.get(key);
            merged.put(key, old instanceof Map && value instanceof Map
                    ? merge((Map<String, Object>) old, (Map<String, Object>) value) : value);
        });
        return merged;
    }

    /** The manifests of one rendering: the typed ones and those of other APIs (CloudNativePG) as plain maps. */
    record Rendered(List<HasMetadata> resources, List<Map<String, Object>> custom) {

        static Rendered of(String manifests) throws IOException {
            List<HasMetadata> typed = new ArrayList<>();
            List<Map<String, Object>> custom = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(manifests)) {
                for (var documents = YAML.readValues(parser, new TypeReference<Map<String, Object>>() { });
                        documents.hasNext(); ) {
                    Map<String, Object> document = documents.next();
                    if (document == null || document.isEmpty()) {
                        continue;
                    }
                    String type = document.get("apiVersion") + "/" + document.get("kind");
                    Class<? extends HasMetadata> model = KINDS.get(type);
                    if (model == null) {
                        custom.add(document);
                        continue;
                    }
                    HasMetadata resource = JSON.convertValue(document, model);
                    List<String> unknown = new ArrayList<>();
                    unknownFields(resource, type + " " + resource.getMetadata().getName(), unknown,
                            java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                    if (!unknown.isEmpty()) {
                        throw new AssertionError("fields the Kubernetes API does not have: " + unknown);
                    }
                    typed.add(resource);
                }
            }
            return new Rendered(typed, custom);
        }

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> kind, String name) {
            return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in "
                            + resources.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList()));
        }

        Map<String, String> configData(String name) {
            return one(ConfigMap.class, name).getData();
        }
    }

    /** Walks a model object; every non-empty additionalProperties map is a field the API schema lacks. */
    private static void unknownFields(Object node, String path, List<String> found, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, found, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(node);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(value, path + "." + field.getName(), found, seen);
                }
            }
        }
    }
}
