package org.haven.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of the Kubernetes API for Helm's {@code lookup} of a Secret: discovery of {@code v1} and GET of one
 * Secret, found or 404, over real HTTP. It writes the kubeconfig the surefire run points {@code KUBECONFIG} at.
 */
final class StandInKubernetesApi implements AutoCloseable {

    static final Path KUBECONFIG = Path.of("target", "chart-test", "kubeconfig");

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    StandInKubernetesApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body;
            int status = 200;
            if (path.startsWith("/api/v1/namespaces/")) {
                body = secrets.get(path);
                if (body == null) {
                    status = 404;
                    body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                            + "\"code\":404}";
                }
            } else if (path.equals("/api/v1")) {
                body = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\","
                        + "\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\",\"verbs\":[\"get\"]}]}";
            } else {
                status = 404;
                body = "{}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Files.createDirectories(KUBECONFIG.getParent());
        Files.writeString(KUBECONFIG, String.join("\n",
                "apiVersion: v1", "kind: Config",
                "clusters:", "- name: stand-in", "  cluster:",
                "    server: http://127.0.0.1:" + server.getAddress().getPort(),
                "contexts:", "- name: stand-in", "  context:", "    cluster: stand-in", "    user: test",
                "current-context: stand-in",
                "users:", "- name: test", "  user:", "    token: not-a-secret", ""));
    }

    /** Makes a Secret exist, as {@code kubectl apply} of the JSON {@code secret} would. */
    void putSecret(String namespace, String name, String secretJson) {
        secrets.put("/api/v1/namespaces/" + namespace + "/secrets/" + name, secretJson);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        Files.deleteIfExists(KUBECONFIG);
    }
}
