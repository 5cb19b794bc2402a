package org.haven.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.Test;

/**
 * Server memory while receiving no-JavaScript uploads (docs/attachments.md section 14): bytes allocated by all
 * threads while the request is handled, the largest live heap above the idle baseline and the client's body (full collections every
 * 20 ms during the request, which also slows it), and the time to the review page. The body is built beforehand
 * and sent with the JDK's client so that the client's copies are not counted.
 * Not part of the suite (not named *Test); run it with {@code -Dtest=NoJsUploadMemoryBench}. Writes
 * target/nojs-upload-memory.txt.
 */
@QuarkusTest
class NoJsUploadMemoryBench {

    @TestHTTPResource("/")
    URL base;

    @Test
    void measureHeapWhileReceivingAUpload() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-36s %8s %14s %14s %8s", "upload", "body MB", "allocated MB",
                "max live MB", "ms"));
        byte[] video = new byte[20 * 1024 * 1024];
        new java.util.Random(1).nextBytes(video);
        byte[] photo = SamplePhotos.jpegWithGps(4000, 3000, 6);
        for (int round = 0; round < 2; round++) { // the first round warms up; the second is reported
            lines.subList(1, lines.size()).clear();
            lines.add(measure("20 MB video (sealed as it is)", List.of(new Part("clip.mp4", "video/mp4", video))));
            lines.add(measure("12 MP photo, " + photo.length / 1024 + " KB (re-encoded)",
                    List.of(new Part("photo.jpg", "image/jpeg", photo))));
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "nojs-upload-memory.txt"), lines, StandardCharsets.UTF_8);
    }

    private record Part(String name, String type, byte[] bytes) {
    }

    /** The form as a browser sends it, built before measuring so the client's own copies are not counted. */
    private static byte[] body(String boundary, List<Part> files) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("submission_key", TestReports.submissionKey());
        fields.put("crime_type", "other-theft");
        fields.put("role", "victim");
        fields.put("account", "memory " + UUID.randomUUID());
        fields.put("consent", "record");
        fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        for (Part file : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\""
                    + file.name() + "\"\r\nContent-Type: " + file.type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private String measure(String what, List<Part> files) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        byte[] body = body(boundary, files);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "en/report/review"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // The live set while the request is handled: a full collection every 20 ms, the heap used after each.
        long[] maxLive = {0};
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                maxLive[0] = Math.max(maxLive[0], ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long allocatedBefore = allocated(threads);
        sampler.start();
        long started = System.nanoTime();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        done.set(true);
        sampler.join();
        if (answer.statusCode() != 200 || !answer.body().contains("evidence-review")) {
            throw new AssertionError(answer.statusCode() + " " + answer.body());
        }
        long allocated = allocated(threads) - allocatedBefore - body.length; // the client's copy
        return String.format(Locale.ROOT, "%-36s %8.1f %14.1f %14.1f %8d", what, body.length / 1048576.0,
                allocated / 1048576.0, Math.max(0, maxLive[0] - baseline - body.length) / 1048576.0, millis);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return total;
    }
}
