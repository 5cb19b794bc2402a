package org.haven.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on localhost in front of Haven whose connections a test can cut, the way a phone loses its network:
 * every open connection is reset at once, and while the proxy is down new ones are reset as they arrive. It also
 * notes the request line of every request the browser sent, so a test can count what was sent again.
 */
public final class CuttableProxy implements AutoCloseable {

    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|PUT|POST|DELETE) (/[^ \\r\\n]*) HTTP/1\\.1");

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new ArrayList<>();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private volatile boolean down;
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile long cutAt = Long.MAX_VALUE;
    private volatile long cutDownMillis;
    private volatile long downUntilNanos = Long.MAX_VALUE;

    private CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cuttable-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code localhost:targetPort}, listening on a free port of its own. */
    public static CuttableProxy to(int targetPort) {
        try {
            return new CuttableProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Once the browser has sent {@code bytes} more bytes through the proxy, resets every connection and refuses
     * new ones for {@code downMillis}, then lets them through again.
     */
    public void cutAfter(long bytes, long downMillis) {
        cutDownMillis = downMillis;
        cutAt = upstreamBytes.get() + bytes;
    }

    /** Resets every connection now and refuses new ones until {@link #up()}. */
    public void cut() {
        cuts.incrementAndGet();
        down = true;
        downUntilNanos = Long.MAX_VALUE;
        for (Socket socket : open) {
            reset(socket);
        }
    }

    public void up() {
        downUntilNanos = Long.MAX_VALUE;
        down = false;
    }

    /** How many times the connections were cut. */
    public int cuts() {
        return cuts.get();
    }

    /** The request lines seen so far, as {@code "PUT /api/attachments/…"}. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (isDown()) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection go
            }
        }
    }

    private boolean isDown() {
        if (down && downUntilNanos != Long.MAX_VALUE && System.nanoTime() > downUntilNanos) {
            down = false;
        }
        return down;
    }

    private void pump(Socket from, Socket to, boolean fromBrowser) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            String tail = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (fromBrowser) {
                        tail = noteRequests(tail + new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                        if (upstreamBytes.addAndGet(read) >= cutAt) {
                            fireCut();
                            return;
                        }
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away; so does the other
            } finally {
                close(from);
                close(to);
            }
        }, "cuttable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void fireCut() {
        if (cutAt == Long.MAX_VALUE) {
            return;
        }
        cutAt = Long.MAX_VALUE;
        cuts.incrementAndGet();
        downUntilNanos = System.nanoTime() + cutDownMillis * 1_000_000;
        down = true;
        for (Socket socket : open) {
            reset(socket);
        }
    }

    // Keeps the last few bytes so a request line split over two reads is still seen once.
    private String noteRequests(String text) {
        Matcher matcher = REQUEST_LINE.matcher(text);
        int end = 0;
        synchronized (this) {
            while (matcher.find()) {
                requests.add(matcher.group(1) + " " + matcher.group(2));
                end = matcher.end();
            }
        }
        String rest = text.substring(end);
        return rest.length() > 300 ? rest.substring(rest.length() - 300) : rest;
    }

    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        close(socket);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : open) {
            close(socket);
        }
    }
}
