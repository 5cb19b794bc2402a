package org.haven.referral.receiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.haven.crypto.SigningKeyPair;
import org.haven.referral.document.ReferralRequestBody;

/**
 * Haven's reference implementation of a police force's referral endpoint (docs/referral.md sections 4 and 5),
 * on the JDK's own HTTP server. A force runs it from the command line ({@link #main}, README "Receiving referrals
 * (for police forces)") to see what Haven sends; Haven's tests embed it: {@code start(0)}, deliver to
 * {@link #url()}, read {@link #accepted()}.
 *
 * <p>Everything it keeps is in one directory: the force key ({@link ForceKey}), the accepted referrals and their
 * Idempotency-Keys ({@link ReceivedReferrals}). Test hooks for outages are in {@link #faults()}.
 */
public final class ReferenceReceiver implements AutoCloseable {

    public static final String DEFAULT_PATH = "/referrals";
    /** Larger bodies are refused with 413; a sealed referral is a few kilobytes. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** The same for a referral with files (docs/referral.md section 7): at most 20 MiB of them, sealed. */
    public static final int MAX_BODY_WITH_FILES_BYTES = 24 << 20;

    private static final System.Logger LOG = System.getLogger(ReferenceReceiver.class.getName());
    private static final int THREADS = 4;

    private final String path;
    private final String endpointUrl;
    private final ForceKey forceKey;
    private final ReceivedReferrals referrals;
    private final DeliveryCheck check;
    private final Faults faults = new Faults(this);
    private final AtomicInteger requests = new AtomicInteger();
    private InetSocketAddress address;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * {@code --dir <directory> [--port 8088] [--bind 0.0.0.0] [--path /referrals] [--endpoint-url <url>]
     * (--haven-key <base64url> | --haven-key-url <url>)}; see {@link ReceiverCommand}.
     */
    public static void main(String[] args) {
        try {
            ReceiverCommand.start(args, System.out); // its threads keep the JVM running until it is killed
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.err.println(ReceiverCommand.USAGE);
            System.exit(2);
        }
    }

    /** A receiver at {@link #DEFAULT_PATH} that works out {@code @target-uri} from each request's Host. */
    public ReferenceReceiver(Path directory, byte[] havenPublicKey) {
        this(directory, havenPublicKey, DEFAULT_PATH, null);
    }

    /**
     * @param directory where the force key and the accepted referrals live; made if missing
     * @param havenPublicKey Haven's pinned 32-byte Ed25519 public key
     * @param path the endpoint's path, e.g. {@code /referrals}
     * @param endpointUrl the endpoint URL exactly as Haven is configured with it, which the signature covers;
     *     {@code null} for {@code http://<Host header><path>}, right unless a proxy or TLS terminator is in front
     */
    public ReferenceReceiver(Path directory, byte[] havenPublicKey, String path, String endpointUrl) {
        if (havenPublicKey == null || havenPublicKey.length != SigningKeyPair.KEY_LENGTH) {
            throw new IllegalArgumentException("Haven's signing key is a 32-byte Ed25519 public key");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("The path must start with /");
        }
        this.path = path;
        this.endpointUrl = endpointUrl;
        this.forceKey = ForceKey.loadOrCreate(directory);
        this.referrals = new ReceivedReferrals(directory);
        this.check = new DeliveryCheck(havenPublicKey, forceKey, referrals, Clock.systemUTC());
    }

    /** Listens on the loopback interface; port 0 picks a free port (see {@link #port()}). */
    public ReferenceReceiver start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public synchronized ReferenceReceiver start(InetSocketAddress bindAddress) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newFixedThreadPool(THREADS);
        address = bindAddress;
        openSocket();
        return this;
    }

    /** Stops listening and ends its threads; the directory stays as it is, so a new receiver picks it up. */
    public synchronized void stop() {
        closeSocket();
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized int port() {
        if (address == null) {
            throw new IllegalStateException("not started");
        }
        return address.getPort();
    }

    /** The endpoint URL to configure in Haven for this receiver when it listens on loopback. */
    public String url() {
        return "http://localhost:" + port() + path;
    }

    public ForceKey forceKey() {
        return forceKey;
    }

    /** Every referral accepted so far in this directory (including earlier runs), by force reference. */
    public List<AcceptedReferral> accepted() {
        return referrals.all();
    }

    /** Requests that reached the server in this run, whatever their answer. */
    public int requestCount() {
        return requests.get();
    }

    /** Test hooks: failures, lost answers, slow answers, refused connections. */
    public Faults faults() {
        return faults;
    }

    synchronized void openSocket() {
        if (server != null) {
            return;
        }
        if (executor == null) {
            throw new IllegalStateException("not started");
        }
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on " + address, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        address = new InetSocketAddress(address.getAddress(), server.getAddress().getPort());
    }

    synchronized void closeSocket() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void handle(HttpExchange exchange) {
        requests.incrementAndGet();
        try {
            OptionalInt failure = faults.takeFailure();
            Answer answer = failure.isPresent() ? Answer.error(failure.getAsInt(), "test fault") : answer(exchange);
            OptionalInt lost = faults.takeLostAnswer();
            if (lost.isPresent()) {
                answer = Answer.error(lost.getAsInt(), "test fault after handling");
            }
            faults.waitBeforeAnswering();
            send(exchange, answer);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not handle a request: {0}", e.toString());
            try {
                send(exchange, Answer.error(500, "the receiver failed"));
            } catch (IOException | RuntimeException ignored) {
                // the client has gone, or the answer was already under way
            }
        } finally {
            exchange.close();
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        if (!path.equals(exchange.getRequestURI().getRawPath())) {
            return Answer.error(404, "not found");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Answer.error(405, "only POST");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String boundary = ReferralRequestBody.boundaryOf(type);
        if (boundary == null && (type == null
                || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json"))) {
            return Answer.error(415, "Content-Type must be application/json, or multipart/mixed with a boundary");
        }
        int max = boundary == null ? MAX_BODY_BYTES : MAX_BODY_WITH_FILES_BYTES;
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            if (length != null && Long.parseLong(length.strip()) > max) {
                return Answer.error(413, "the body is larger than " + max + " bytes");
            }
        } catch (NumberFormatException e) {
            return Answer.error(400, "bad Content-Length");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) {
            return Answer.error(413, "the body is larger than " + max + " bytes");
        }
        return check.receive(targetUri(exchange), exchange.getRequestHeaders(), body, boundary);
    }

    private String targetUri(HttpExchange exchange) {
        if (endpointUrl != null) {
            return endpointUrl;
        }
        String query = exchange.getRequestURI().getRawQuery();
        return "http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI().getRawPath()
                + (query == null ? "" : "?" + query);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // Connections are kept alive (Haven reuses them for the next referral); a request on a connection that
        // went stale when the receiver restarted fails on Haven's side and is simply retried.
        if (answer.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "POST");
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
