package org.haven.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.haven.crypto.Base64Url;

/**
 * Closed-loop mixed traffic against one Haven: N clients, each sending its next request as soon as the last one
 * is answered, with no think time. One Vert.x event loop drives every client (non-blocking), so the generator
 * costs one thread of the two cores it shares with Haven; every callback runs on that loop, so the recording
 * needs no locks.
 */
final class MixedTraffic implements AutoCloseable {

    /** What a request is, its share of the mix, and the status that counts as success. */
    enum Kind {
        LANDING("reporter landing page, GET /{lang}/", 25, 200),
        FORM("report form, GET /{lang}/report", 20, 200),
        SUBMIT("submission, POST /api/reports", 15, 201),
        MAILBOX("mailbox sign-in, POST /api/mailbox (a receipt)", 12, 200),
        MAILBOX_WRONG("mailbox sign-in, wrong receipt", 3, 404),
        INBOX_API("inbox page of 50, GET /casework/api/reports", 20, 200),
        INBOX_HTML("inbox HTML, GET /casework/inbox", 5, 200),
        /** Not in the mix: the same inbox page without Accept-Encoding, to price compression alone. */
        INBOX_API_IDENTITY("inbox page of 50, not compressed", 0, 200);

        final String label;
        final int weight;
        final int expected;

        Kind(String label, int weight, int expected) {
            this.label = label;
            this.weight = weight;
            this.expected = expected;
        }
    }

    /**
     * Where the traffic goes: languages, sealed envelopes to submit, caseworker sessions (whole Cookie header
     * values), inbox pages.
     */
    record Target(List<String> languages, List<String> envelopes, String mailboxPublicKey, String wrappedKey,
            List<String> staffCookies, int inboxPages) {
    }

    /** Latencies and errors of one kind in one phase. */
    static final class Series {
        private double[] ms = new double[1024];
        private int count;
        int errors;
        String firstError;
        long bytes;

        void add(double latencyMs) {
            if (count == ms.length) {
                ms = Arrays.copyOf(ms, count * 2);
            }
            ms[count++] = latencyMs;
        }

        int count() {
            return count;
        }

        double[] sorted() {
            double[] out = Arrays.copyOf(ms, count);
            Arrays.sort(out);
            return out;
        }
    }

    /** One phase: every kind's series, filled only while {@code recording}. */
    static final class Phase {
        final Map<Kind, Series> byKind = new EnumMap<>(Kind.class);
        volatile boolean recording;
        volatile boolean stopping;

        Phase() {
            for (Kind kind : Kind.values()) {
                byKind.put(kind, new Series());
            }
        }

        Series all() {
            Series all = new Series();
            for (Series s : byKind.values()) {
                double[] values = s.sorted();
                for (double v : values) {
                    all.add(v);
                }
                all.errors += s.errors;
                if (all.firstError == null) {
                    all.firstError = s.firstError;
                }
            }
            return all;
        }
    }

    /** {@code -Dbench.compression=false}: ask for no compression, to price it across the whole mix. */
    private static final boolean COMPRESSION = Boolean.parseBoolean(System.getProperty("bench.compression", "true"));
    private static final int TOTAL_WEIGHT = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

    private final Vertx vertx;
    private final HttpClient http;
    private final Target target;
    private final SplittableRandom random = new SplittableRandom(42);
    /** Lookup tokens of stored reports (seeded ones, then every submission that got its 201). Loop thread only. */
    private final List<String> tokens = new ArrayList<>();
    private int inFlightSeeds;

    MixedTraffic(String host, int port, int maxClients, Target target) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                // Idle connections close on the client's side first (Haven's idle timeout is 60 s), so a request
                // never races the server closing the connection it was sent on between steps.
                .setKeepAlive(true).setKeepAliveTimeout(20).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(maxClients)
                .setMaxWaitQueueSize(-1));
        this.target = target;
    }

    int storedReports() {
        return tokens.size();
    }

    /**
     * Runs {@code clients} closed loops; records from {@code settleSeconds} on for {@code seconds} (calling
     * {@code opened} and {@code closed} around that window), then stops them and waits for their last answers.
     */
    Phase run(int clients, double settleSeconds, double seconds, Runnable opened, Runnable closed)
            throws InterruptedException {
        return run(clients, settleSeconds, seconds, opened, closed, null);
    }

    /** As {@link #run(int, double, double, Runnable, Runnable)}, with only requests of {@code only} if not null. */
    Phase run(int clients, double settleSeconds, double seconds, Runnable opened, Runnable closed, Kind only)
            throws InterruptedException {
        Phase phase = new Phase();
        CountDownLatch done = new CountDownLatch(clients);
        vertx.runOnContext(v -> {
            for (int c = 0; c < clients; c++) {
                next(phase, done, only);
            }
        });
        Thread.sleep((long) (settleSeconds * 1000));
        opened.run();
        phase.recording = true;
        Thread.sleep((long) (seconds * 1000));
        phase.recording = false;
        closed.run();
        phase.stopping = true;
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients still waiting for answers 60 s after the phase ended");
        }
        // The loop wrote the series; the latch's happens-before makes them visible here.
        return phase;
    }

    /** Sends {@code count} submissions from {@code clients} loops and returns how long it took. */
    double seed(int count, int clients) throws InterruptedException {
        long start = System.nanoTime();
        int before = storedReportsOnLoop();
        Phase phase = new Phase();
        CountDownLatch done = new CountDownLatch(clients);
        phase.recording = true;
        vertx.runOnContext(v -> {
            for (int c = 0; c < clients; c++) {
                seedNext(phase, done, before + count);
            }
        });
        done.await();
        Series s = phase.byKind.get(Kind.SUBMIT);
        if (s.errors > 0) {
            throw new IllegalStateException(s.errors + " seed submissions failed, first: " + s.firstError);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private int storedReportsOnLoop() throws InterruptedException {
        int[] size = new int[1];
        CountDownLatch read = new CountDownLatch(1);
        vertx.runOnContext(v -> {
            size[0] = tokens.size();
            read.countDown();
        });
        read.await();
        return size[0];
    }

    private void seedNext(Phase phase, CountDownLatch done, int goal) {
        if (tokens.size() + inFlightSeeds >= goal) {
            done.countDown();
            return;
        }
        inFlightSeeds++;
        send(Kind.SUBMIT, phase, () -> {
            inFlightSeeds--;
            seedNext(phase, done, goal);
        });
    }

    private void next(Phase phase, CountDownLatch done, Kind only) {
        if (phase.stopping) {
            done.countDown();
            return;
        }
        send(only == null ? pick() : only, phase, () -> next(phase, done, only));
    }

    private Kind pick() {
        int roll = random.nextInt(TOTAL_WEIGHT);
        for (Kind kind : Kind.values()) {
            roll -= kind.weight;
            if (roll < 0) {
                return kind == Kind.MAILBOX && tokens.isEmpty() ? Kind.LANDING : kind;
            }
        }
        throw new AssertionError();
    }

    /** Sends one request of {@code kind}, records it, then runs {@code then} on the loop. */
    private void send(Kind kind, Phase phase, Runnable then) {
        RequestOptions options = new RequestOptions().setIdleTimeout(30_000);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Buffer body = null;
        String token = null;
        switch (kind) {
            case LANDING -> options.setMethod(HttpMethod.GET).setURI("/" + language() + "/");
            case FORM -> options.setMethod(HttpMethod.GET).setURI("/" + language() + "/report");
            case SUBMIT -> {
                token = Base64Url.encode(random(32));
                body = json("{\"submissionKey\":\"" + Base64Url.encode(random(18)) + "\",\"envelope\":"
                        + target.envelopes().get(random.nextInt(target.envelopes().size()))
                        + ",\"mailboxPublicKey\":\"" + target.mailboxPublicKey() + "\",\"mailboxWrappedKey\":"
                        + target.wrappedKey() + ",\"token\":\"" + token + "\",\"consent\":\"record\"}");
                options.setMethod(HttpMethod.POST).setURI("/api/reports");
            }
            case MAILBOX -> {
                body = json("{\"token\":\"" + tokens.get(random.nextInt(tokens.size())) + "\"}");
                options.setMethod(HttpMethod.POST).setURI("/api/mailbox");
            }
            case MAILBOX_WRONG -> {
                body = json("{\"token\":\"" + Base64Url.encode(random(32)) + "\"}");
                options.setMethod(HttpMethod.POST).setURI("/api/mailbox");
            }
            case INBOX_API, INBOX_API_IDENTITY -> {
                options.setMethod(HttpMethod.GET).setURI("/casework/api/reports?page="
                        + random.nextInt(target.inboxPages()));
                headers.add("Cookie", staffCookie());
            }
            case INBOX_HTML -> {
                options.setMethod(HttpMethod.GET).setURI("/casework/inbox");
                headers.add("Cookie", staffCookie());
            }
            default -> throw new AssertionError(kind);
        }
        // As a browser asks (Haven compresses); the generator reads the compressed bytes and never inflates them.
        headers.add("Accept-Encoding", kind == Kind.INBOX_API_IDENTITY || !COMPRESSION ? "identity"
                : "gzip, deflate, br, zstd");
        if (body != null) {
            headers.add("Content-Type", "application/json");
        }
        options.setHeaders(headers);
        String stored = token;
        Buffer payload = body;
        long start = System.nanoTime();
        http.request(options)
                .compose(request -> payload == null ? request.send() : request.send(payload))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode() == kind.expected
                        ? null : response.statusCode() + " " + snippet(b), b.length())))
                .onComplete(outcome -> {
                    double ms = (System.nanoTime() - start) / 1e6;
                    String error = outcome.failed() ? outcome.cause().toString() : outcome.result().error();
                    if (error == null && stored != null) {
                        tokens.add(stored);
                    }
                    if (phase.recording) {
                        Series series = phase.byKind.get(kind);
                        series.add(ms);
                        series.bytes += outcome.failed() ? 0 : outcome.result().bytes();
                        if (error != null) {
                            series.errors++;
                            if (series.firstError == null) {
                                series.firstError = error;
                            }
                        }
                    }
                    then.run();
                });
    }

    /** What came back: null or what was wrong, and the body's size as sent (compressed if Haven compressed it). */
    private record Answer(String error, int bytes) {
    }

    private String language() {
        return target.languages().get(random.nextInt(target.languages().size()));
    }

    private String staffCookie() {
        return target.staffCookies().get(random.nextInt(target.staffCookies().size()));
    }

    private byte[] random(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Buffer json(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String snippet(Buffer body) {
        String text = body.toString(StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @Override
    public void close() throws Exception {
        http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
