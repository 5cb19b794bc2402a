package org.haven.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of CloudNativePG's {@code postgresql.cnpg.io/v1 Cluster} schema the chart uses (fabric8 has no model
 * for it): the fields and their types as in the operator's API reference, so a typo fails here, not in a cluster.
 */
final class CloudNativePg {

    private static final Set<String> SPEC = Set.of("instances", "imageName", "bootstrap", "storage", "postgresql");
    private static final Set<String> INITDB = Set.of("database", "owner");
    private static final Set<String> STORAGE = Set.of("size", "storageClass");
    private static final Set<String> POSTGRESQL = Set.of("parameters");

    private CloudNativePg() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> cluster) {
        return (Map<String, Object>) cluster.get("spec");
    }

    @SuppressWarnings("unchecked")
    static void assertValidCluster(Map<String, Object> cluster) {
        assertEquals(Set.of("apiVersion", "kind", "metadata", "spec"), cluster.keySet());
        Map<String, Object> spec = spec(cluster);
        assertKnown("spec", spec, SPEC);
        assertTrue(spec.get("instances") instanceof Integer, "spec.instances is an integer");
        Map<String, Object> bootstrap = (Map<String, Object>) spec.get("bootstrap");
        assertEquals(Set.of("initdb"), bootstrap.keySet());
        assertKnown("spec.bootstrap.initdb", (Map<String, Object>) bootstrap.get("initdb"), INITDB);
        Map<String, Object> storage = (Map<String, Object>) spec.get("storage");
        assertKnown("spec.storage", storage, STORAGE);
        assertTrue(String.valueOf(storage.get("size")).matches("[0-9]+(Mi|Gi|Ti)"), "spec.storage.size is a quantity");
        Map<String, Object> postgresql = (Map<String, Object>) spec.get("postgresql");
        assertKnown("spec.postgresql", postgresql, POSTGRESQL);
        ((Map<String, Object>) postgresql.get("parameters")).forEach((name, value) ->
                assertTrue(value instanceof String, "PostgreSQL parameter " + name + " is a string"));
    }

    private static void assertKnown(String path, Map<String, Object> object, Set<String> known) {
        Set<String> unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, path + " has fields CloudNativePG does not");
    }
}
