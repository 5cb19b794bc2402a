package org.haven.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Haven's CPU went in one time window of a JDK Flight Recorder file: jdk.ExecutionSample stacks (Java
 * threads that were running, sampled every 10 ms with the "profile" settings) aggregated into hot methods by
 * self samples, Haven's own frames by inclusive samples, and broad shares (PostgreSQL client, Hibernate, Qute…);
 * plus heap and GC from the same recording.
 */
final class Profile {

    /** Inclusive shares by where a frame's class lives; a sample counts once per share it touches. */
    private static final Map<String, List<String>> SHARES = new LinkedHashMap<>();

    static {
        SHARES.put("PostgreSQL client (io.vertx.pgclient, io.vertx.sqlclient)", List.of("io.vertx.pgclient.",
                "io.vertx.sqlclient."));
        SHARES.put("Hibernate Reactive / ORM", List.of("org.hibernate."));
        SHARES.put("Qute templates", List.of("io.quarkus.qute."));
        SHARES.put("Jackson JSON", List.of("com.fasterxml.jackson."));
        SHARES.put("crypto (BC, JCA: HMAC, SHA, HPKE)", List.of("org.bouncycastle.", "javax.crypto.",
                "sun.security.", "com.sun.crypto."));
        SHARES.put("compression (java.util.zip, Netty's compressors)", List.of("java.util.zip.",
                "io.netty.handler.codec.compression.", "io.netty.handler.codec.http.HttpContentCompressor"));
        SHARES.put("RESTEasy Reactive", List.of("org.jboss.resteasy.reactive."));
        SHARES.put("Netty (HTTP codec, sockets, compression)", List.of("io.netty."));
        SHARES.put("Haven's own code (org.haven.*)", List.of("org.haven."));
    }

    private final List<RecordedEvent> samples = new ArrayList<>();
    private final List<RecordedEvent> nativeSamples = new ArrayList<>();
    private final List<RecordedEvent> heaps = new ArrayList<>();
    private final List<RecordedEvent> collections = new ArrayList<>();
    private final double seconds;

    private Profile(double seconds) {
        this.seconds = seconds;
    }

    static Profile read(Path jfr, Instant from, Instant to) throws IOException {
        Profile profile = new Profile(Duration.between(from, to).toMillis() / 1000.0);
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> profile.samples.add(event);
                    case "jdk.NativeMethodSample" -> profile.nativeSamples.add(event);
                    case "jdk.GCHeapSummary" -> profile.heaps.add(event);
                    case "jdk.GarbageCollection" -> profile.collections.add(event);
                    default -> {
                    }
                }
            }
        }
        return profile;
    }

    int sampleCount() {
        return samples.size();
    }

    /** Heap used: the peak (before a collection) and the mean right after collections, in MB. */
    String heap() {
        double peak = 0;
        double afterSum = 0;
        int after = 0;
        for (RecordedEvent e : heaps) {
            double mb = e.getLong("heapUsed") / 1e6;
            peak = Math.max(peak, mb);
            if ("After GC".equals(e.getString("when"))) {
                afterSum += mb;
                after++;
            }
        }
        long committed = heaps.isEmpty() ? 0 : heaps.get(heaps.size() - 1).getValue("heapSpace.committedSize");
        return String.format(Locale.ROOT, "heap used peak %.0f MB, %.0f MB after GC (mean of %d), committed %.0f MB",
                peak, after == 0 ? Double.NaN : afterSum / after, after, committed / 1e6);
    }

    String gc() {
        double pauses = 0;
        for (RecordedEvent e : collections) {
            pauses += e.getDuration("sumOfPauses").toNanos() / 1e6;
        }
        return String.format(Locale.ROOT, "%d collections, %.0f ms of pauses in %.0f s (%.2f %%)", collections.size(),
                pauses, seconds, pauses / (seconds * 10));
    }

    /** Samples per thread pool (trailing numbers stripped from thread names). */
    Map<String, Integer> byThread() {
        Map<String, Integer> out = new HashMap<>();
        for (RecordedEvent e : samples) {
            RecordedThread thread = e.getThread("sampledThread");
            String name = thread == null ? "?" : thread.getJavaName();
            out.merge(name == null ? "?" : name.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
        }
        return out;
    }

    /** Top-of-stack methods. */
    Map<String, Integer> self() {
        return topFrames(samples);
    }

    /**
     * Threads found in native code (sampled every 20 ms), by native method: these are not in the execution
     * samples. Running (zlib's deflate, socket writes) or waiting (epoll) alike, so a count, not CPU.
     */
    Map<String, Integer> nativeTop() {
        return topFrames(nativeSamples);
    }

    private static Map<String, Integer> topFrames(List<RecordedEvent> events) {
        Map<String, Integer> out = new HashMap<>();
        for (RecordedEvent e : events) {
            List<RecordedFrame> frames = frames(e);
            if (!frames.isEmpty()) {
                out.merge(name(frames.get(0)), 1, Integer::sum);
            }
        }
        return out;
    }

    int nativeSampleCount() {
        return nativeSamples.size();
    }

    /** Every org.haven.* method on a sampled stack, once per sample. */
    Map<String, Integer> havenInclusive() {
        Map<String, Integer> out = new HashMap<>();
        for (RecordedEvent e : samples) {
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames(e)) {
                String name = name(frame);
                // Lambda classes and CDI proxies repeat the method that carries the work; count that one only.
                boolean plumbing = name.contains("$$Lambda") || name.contains("_ClientProxy.")
                        || name.contains("_Subclass.");
                if (name.startsWith("org.haven.") && !plumbing && seen.add(name)) {
                    out.merge(name, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** Inclusive samples per share in {@link #SHARES}, in its order. */
    Map<String, Integer> shares() {
        Map<String, Integer> out = new LinkedHashMap<>();
        SHARES.keySet().forEach(k -> out.put(k, 0));
        for (RecordedEvent e : samples) {
            Set<String> hit = new HashSet<>();
            for (RecordedFrame frame : frames(e)) {
                String type = frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
                SHARES.forEach((share, prefixes) -> {
                    if (prefixes.stream().anyMatch(type::startsWith)) {
                        hit.add(share);
                    }
                });
            }
            hit.forEach(share -> out.merge(share, 1, Integer::sum));
        }
        return out;
    }

    /** A markdown table of the top {@code n} of {@code counts}, with shares of all execution samples. */
    String table(String what, Map<String, Integer> counts, int n) {
        return table(what, counts, n, samples.size());
    }

    static String table(String what, Map<String, Integer> counts, int n, int total) {
        StringBuilder out = new StringBuilder("| " + what + " | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", e.getKey(),
                        e.getValue(), 100.0 * e.getValue() / Math.max(1, total))));
        return out.toString();
    }

    /** Re-reads a recording: {@code Profile haven.jfr 2026-11-25T00:20:00Z 2026-11-25T00:20:30Z}. */
    public static void main(String[] args) throws IOException {
        Profile profile = read(Path.of(args[0]), Instant.parse(args[1]), Instant.parse(args[2]));
        System.out.println(profile.sampleCount() + " execution samples; " + profile.heap() + "; " + profile.gc());
        System.out.println(profile.table("where", profile.shares(), 20));
        System.out.println(profile.table("method", profile.self(), 25));
        System.out.println(profile.table("method", profile.havenInclusive(), 25));
        System.out.println(table("native method", profile.nativeTop(), 10, profile.nativeSampleCount()));
    }

    private static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        return stack == null ? List.of() : stack.getFrames();
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }
}
