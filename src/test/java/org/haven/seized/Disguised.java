package org.haven.seized;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client for one Haven that puts the same telltale client identity on every request: a distinctive
 * User-Agent, a fake client address in X-Forwarded-For, Forwarded and X-Real-IP (as a proxy in front would),
 * and an Accept-Language. Carries the prod staff cookie (__Host-, set Secure, so sent here by hand) and the CSRF
 * token once signed in.
 */
final class Disguised {

    static final String STAFF_COOKIE = "__Host-haven-staff";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> identity;
    private String session;
    private String csrf;

    Disguised(String base, String userAgent, String address, String acceptLanguage) {
        this.base = base;
        this.identity = Map.of("User-Agent", userAgent, "X-Forwarded-For", address, "X-Real-IP", address,
                "Forwarded", "for=\"" + address + "\";proto=https", "Accept-Language", acceptLanguage);
    }

    void signedIn(String session, String csrf) {
        this.session = session;
        this.csrf = csrf;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A multipart form as a browser without JavaScript posts it: the text fields, then one file under
     * {@code fileField}.
     */
    HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField, String fileName,
            String type, byte[] content) throws Exception {
        String boundary = "----seized" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A binary PUT with extra headers, as the upload of an attachment chunk. */
    HttpResponse<String> putBytes(String path, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** A GET whose answer is bytes, as a stored attachment chunk. */
    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The staff session cookie a response sets; fails if it sets none. */
    static String staffCookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(STAFF_COOKIE + "=")) {
                return header.substring(STAFF_COOKIE.length() + 1).split(";", 2)[0];
            }
        }
        throw new AssertionError("no " + STAFF_COOKIE + " cookie in " + response.headers().allValues("Set-Cookie"));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        identity.forEach(request::header);
        if (session != null) {
            request.header("Cookie", STAFF_COOKIE + "=" + session);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
