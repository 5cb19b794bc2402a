package org.haven.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.haven.testing.PreSealed;

/** Runs a fixed list of operations from N platform threads and reports rate and latency. */
final class Load {

    /** What one timed phase did. */
    record Result(String name, int count, int errors, String firstError, double seconds, double[] latenciesMs,
            double havenCpu, double postgresCpu, double benchCpu, double machineBusy, String loadBefore) {

        double perSecond() {
            return count / seconds;
        }

        double p(double percentile) {
            return Stats.percentile(latenciesMs, percentile);
        }

        String line() {
            return String.format(Locale.ROOT,
                    "%-34s %6d ok, %d errors, %6.1f s, %7.0f /s, p50 %6.2f ms, p99 %6.2f ms, max %6.1f ms | "
                            + "CPU s per 1000: haven %.2f, postgres %.2f, bench client %.2f | machine busy %.0f %% | "
                            + "load before %s",
                    name, count - errors, errors, seconds, perSecond(), p(50), p(99), p(100),
                    havenCpu * 1000 / count, postgresCpu * 1000 / count, benchCpu * 1000 / count, machineBusy * 100,
                    loadBefore)
                    + (firstError == null ? "" : "\n      first error: " + firstError);
        }
    }

    /** One operation run by a worker; returns null on success or a description of the failure. */
    interface Operation {
        String run(int index) throws Exception;
    }

    /** A worker's private state (an HTTP client is shared; a JDBC connection is not). */
    interface WorkerFactory {
        Operation open() throws Exception;

        default void close(Operation op) throws Exception {
        }
    }

    private Load() {
    }

    static Result run(String name, int count, int clients, WorkerFactory factory, long havenPid, long postmasterPid)
            throws Exception {
        double[] latencies = new double[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Operation op = factory.open();
            ops.add(op);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    String error;
                    try {
                        error = op.run(i);
                    } catch (Exception e) {
                        error = e.toString();
                    }
                    latencies[i] = (System.nanoTime() - start) / 1e6;
                    if (error != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                }
            }, name + "-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        String loadBefore = Stats.loadAverage();
        double haven0 = havenPid > 0 ? Stats.cpuSeconds(havenPid) : 0;
        double pg0 = Stats.cpuSecondsWithChildren(postmasterPid);
        double self0 = Stats.cpuSeconds(ProcessHandle.current().pid());
        long[] machine0 = Stats.machineJiffies();
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] machine1 = Stats.machineJiffies();
        double haven = havenPid > 0 ? Stats.cpuSeconds(havenPid) - haven0 : 0;
        double pg = Stats.cpuSecondsWithChildren(postmasterPid) - pg0;
        double self = Stats.cpuSeconds(ProcessHandle.current().pid()) - self0;
        for (Operation op : ops) {
            factory.close(op);
        }
        double busy = (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
        Arrays.sort(latencies);
        return new Result(name, count, errors.get(), firstError.get(), seconds, latencies, haven, pg, self, busy,
                loadBefore);
    }

    /** POST /api/reports with pre-sealed bodies, one shared HTTP/1.1 client (it keeps a connection per thread). */
    static WorkerFactory http(HttpClient client, URI reports, List<PreSealed.Submission> items) {
        return () -> index -> {
            HttpRequest request = HttpRequest.newBuilder(reports)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(items.get(index).body()))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201 ? null : response.statusCode() + " " + response.body();
        };
    }

    /**
     * POST /api/reports over one plain keep-alive socket per worker, writing pre-built request bytes and
     * reading the response by Content-Length. Far lighter than java.net.http (about 1 ms of client CPU per
     * request here), so on a 2-core machine the client takes less of the CPU Haven is measured on, as the
     * JDBC client does for the raw-insert baseline.
     */
    static WorkerFactory socket(String host, int port, String path, List<PreSealed.Submission> items) {
        return new WorkerFactory() {
            @Override
            public Operation open() throws Exception {
                java.net.Socket socket = new java.net.Socket(host, port);
                socket.setTcpNoDelay(true);
                java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
                java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
                return new SocketOperation(socket, out, in, host + ":" + port, path, items);
            }

            @Override
            public void close(Operation op) throws Exception {
                ((SocketOperation) op).socket.close();
            }
        };
    }

    private record SocketOperation(java.net.Socket socket, java.io.OutputStream out, java.io.InputStream in,
            String hostHeader, String path, List<PreSealed.Submission> items) implements Operation {

        @Override
        public String run(int index) throws Exception {
            byte[] body = items.get(index).body();
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int length = 0;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    in.readNBytes(size);
                    line();
                }
                line();
            } else {
                in.readNBytes(length);
            }
            return status.startsWith("HTTP/1.1 201") ? null : status;
        }

        private String line() throws java.io.IOException {
            StringBuilder text = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            return text.toString();
        }
    }

    static final String INSERT = "insert into %s (id, submission_key_hash, token_hash, intake_kid, envelope, "
            + "mailbox_public_key, mailbox_wrapped_key, received_hour, status, consent, expires_on) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One autocommitted INSERT per row: the raw cost of storing a report-sized row. */
    static WorkerFactory rawInsert(String jdbcUrl, String table, List<PreSealed.Submission> items, String kid,
            PreSealed.Batch batch) {
        return new JdbcWorkers(jdbcUrl) {
            @Override
            String run(Connection c, PreparedStatement[] s, int index) throws Exception {
                bind(s[0], items.get(index), kid, batch);
                s[0].executeUpdate();
                return null;
            }

            @Override
            String[] sql() {
                return new String[] {String.format(INSERT, table)};
            }
        };
    }

    /**
     * What IntakeService.submit asks of the database, over plain JDBC: in one transaction, look the
     * submission key up, look the intake key up, insert. Shows how much of the gap is round trips.
     */
    static WorkerFactory submitSequence(String jdbcUrl, String table, List<PreSealed.Submission> items, String kid,
            PreSealed.Batch batch) {
        return new JdbcWorkers(jdbcUrl) {
            @Override
            String run(Connection c, PreparedStatement[] s, int index) throws Exception {
                PreSealed.Submission item = items.get(index);
                s[0].setBytes(1, item.submissionKeyHash());
                try (ResultSet rows = s[0].executeQuery()) {
                    if (rows.next()) {
                        c.rollback();
                        return "submission key already there";
                    }
                }
                s[1].setString(1, kid);
                try (ResultSet rows = s[1].executeQuery()) {
                    if (!rows.next()) {
                        c.rollback();
                        return "no intake key";
                    }
                }
                bind(s[2], item, kid, batch);
                s[2].executeUpdate();
                c.commit();
                return null;
            }

            @Override
            String[] sql() {
                return new String[] {
                    "select id, consent, envelope, expires_on, intake_kid, mailbox_public_key, mailbox_wrapped_key, "
                            + "received_hour, status, submission_key_hash, token_hash from " + table
                            + " where submission_key_hash = ?",
                    "select kid, active, created_at, public_key from intake_key where kid = ?",
                    String.format(INSERT, table)};
            }

            @Override
            boolean autoCommit() {
                return false;
            }
        };
    }

    private static void bind(PreparedStatement insert, PreSealed.Submission item, String kid, PreSealed.Batch batch)
            throws Exception {
        Instant now = Instant.now();
        insert.setObject(1, UUID.randomUUID());
        insert.setBytes(2, item.submissionKeyHash());
        insert.setBytes(3, item.tokenHash());
        insert.setString(4, kid);
        insert.setString(5, item.envelopeJson());
        insert.setBytes(6, batch.mailboxPublicKey());
        insert.setString(7, batch.wrappedJson());
        insert.setTimestamp(8, Timestamp.from(now.truncatedTo(ChronoUnit.HOURS)));
        insert.setString(9, "new");
        insert.setString(10, "record");
        insert.setObject(11, LocalDate.now().plusDays(365));
    }

    private abstract static class JdbcWorkers implements WorkerFactory {

        private final String url;

        JdbcWorkers(String url) {
            this.url = url;
        }

        abstract String run(Connection c, PreparedStatement[] statements, int index) throws Exception;

        abstract String[] sql();

        boolean autoCommit() {
            return true;
        }

        private final class Worker implements Operation {
            final Connection connection;
            final PreparedStatement[] statements;

            Worker() throws Exception {
                connection = DriverManager.getConnection(url, "postgres", "postgres");
                connection.setAutoCommit(autoCommit());
                String[] sql = sql();
                statements = new PreparedStatement[sql.length];
                for (int i = 0; i < sql.length; i++) {
                    statements[i] = connection.prepareStatement(sql[i]);
                }
            }

            @Override
            public String run(int index) throws Exception {
                try {
                    return JdbcWorkers.this.run(connection, statements, index);
                } catch (Exception e) {
                    if (!autoCommit()) {
                        connection.rollback();
                    }
                    throw e;
                }
            }
        }

        @Override
        public Operation open() throws Exception {
            return new Worker();
        }

        @Override
        public void close(Operation op) throws Exception {
            ((Worker) op).connection.close();
        }
    }
}
