package org.haven.deploy;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.haven.web.HavenConfig;

/** Every {@code HAVEN_...} environment variable Haven reads, derived from {@link HavenConfig} as SmallRye maps it. */
final class HavenSettings {

    static final Set<String> ENVIRONMENT_NAMES = collect(HavenConfig.class, "HAVEN", new TreeSet<>());

    private HavenSettings() {
    }

    private static Set<String> collect(Class<?> group, String prefix, Set<String> names) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String name = prefix + "_" + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            if (method.getReturnType().isInterface() && method.getReturnType().getDeclaringClass() == HavenConfig.class) {
                collect(method.getReturnType(), name, names);
            } else {
                names.add(name);
            }
        }
        return names;
    }
}
