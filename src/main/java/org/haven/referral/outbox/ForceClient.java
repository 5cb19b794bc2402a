package org.haven.referral.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.haven.crypto.ContentDigest;
import org.haven.crypto.MessageSignatures;
import org.haven.referral.ReferralSigningKey;
import org.haven.web.HavenConfig;

/**
 * Sends one sealed referral to its force: a signed POST (docs/referral.md §4), no redirects, no cookies, and
 * of the answer only the status and an optional force reference are read.
 */
@ApplicationScoped
public class ForceClient {

    /** Answers larger than this are not read for a reference; the status still counts. */
    private static final int MAX_ANSWER_BYTES = 4096;
    private static final Pattern FORCE_REFERENCE = Pattern.compile("[A-Za-z0-9 /-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final io.vertx.core.Vertx vertx;
    private final HttpClient client;
    private final ReferralSigningKey signingKey;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    public ForceClient(Vertx vertx, ReferralSigningKey signingKey, HavenConfig config) {
        this.vertx = vertx.getDelegate();
        this.signingKey = signingKey;
        this.timeout = config.referral().requestTimeout();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = this.vertx.httpClientBuilder().with(new HttpClientOptions()
                .setConnectTimeout(millis)
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setTryUseCompression(false))
                .with(new PoolOptions().setHttp1MaxSize(32))
                // A force's connection that breaks fails its delivery, which is recorded and retried; without a
                // handler Vert.x would also log every reset at ERROR, flooding the log while a force is down.
                .withConnectHandler(connection -> connection.exceptionHandler(ignored -> { }))
                .build();
    }

    /**
     * One delivery attempt. Every time limit is Vert.x's own, so a request that runs out of time is reset and its
     * pooled connection freed; a timeout imposed from outside would leave the request to hold its connection.
     */
    Uni<Attempt> deliver(Claimed claimed) {
        return deliver(claimed, new Payload(claimed.body().getBytes(StandardCharsets.UTF_8), "application/json"));
    }

    /** The bytes of one request and their Content-Type: the envelope alone, or the multipart body with files. */
    record Payload(byte[] body, String contentType) {

        /**
         * How long this request may take: request-timeout, plus a second per MiB of body, so a referral with
         * 20 MiB of files is not cut off on a link slower than 16 Mbit/s (docs/referral.md section 7).
         */
        Duration limit(Duration timeout) {
            return timeout.plusMillis(body.length / 1024);
        }
    }

    Uni<Attempt> deliver(Claimed claimed, Payload payload) {
        return Uni.createFrom().completionStage(() -> send(claimed, payload).toCompletionStage())
                // Only a safety net: the limits in send() end every attempt well before this.
                .ifNoItem().after(payload.limit(timeout).multipliedBy(3)).fail()
                .onFailure().recoverWithItem(failure -> Attempt.failed(claimed, errorCode(failure)));
    }

    private Future<Attempt> send(Claimed claimed, Payload payload) {
        byte[] body = payload.body();
        long limit = payload.limit(timeout).toMillis();
        String idempotencyKey = claimed.referralId().toString();
        String digest = ContentDigest.of(body);
        MessageSignatures.Headers signed = MessageSignatures.sign(
                new MessageSignatures.Request("POST", claimed.endpointUrl(), digest, idempotencyKey),
                signingKey.pair(), clock.instant());
        RequestOptions options;
        try {
            // The connect timeout also bounds the wait for a pooled connection.
            options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(claimed.endpointUrl())
                    .setFollowRedirects(false).setConnectTimeout(timeout.toMillis());
        } catch (RuntimeException e) {
            return Future.succeededFuture(Attempt.failed(claimed, "bad-endpoint"));
        }
        return client.request(options).compose(request -> {
            // The force has request-timeout (more with files) from here to answer in full; then the request is reset.
            long timer = vertx.setTimer(limit, id -> request.reset(0,
                    new TimeoutException("no full answer within " + limit + " ms")));
            request.exceptionHandler(ignored -> { }); // the failure reaches the future below; no ERROR log too
            return request
                    .putHeader("Content-Type", payload.contentType())
                    .putHeader("Idempotency-Key", idempotencyKey)
                    .putHeader("Content-Digest", digest)
                    .putHeader("Signature-Input", signed.signatureInput())
                    .putHeader("Signature", signed.signature())
                    .send(Buffer.buffer(body))
                    .compose(response -> response.body().map(answer -> answered(claimed, response.statusCode(), answer)))
                    .onComplete(ignored -> vertx.cancelTimer(timer));
        });
    }

    private static Attempt answered(Claimed claimed, int status, Buffer answer) {
        if (status < 200 || status > 299) {
            return Attempt.failed(claimed, "http-" + status);
        }
        return Attempt.delivered(claimed, forceReference(answer));
    }

    /** The force's own reference from a 2xx answer, if it gave a well-formed one; nothing else is read. */
    static Optional<String> forceReference(Buffer answer) {
        if (answer == null || answer.length() == 0 || answer.length() > MAX_ANSWER_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode reference = JSON.readTree(answer.getBytes()).path("reference");
            return reference.isTextual() && FORCE_REFERENCE.matcher(reference.asText()).matches()
                    ? Optional.of(reference.asText()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A short code for the case page and the referral row; never a message that could carry a body. */
    static String errorCode(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConnectException || cause instanceof SSLException) {
                break;
            }
            cause = cause.getCause();
        }
        if (failure instanceof io.smallrye.mutiny.TimeoutException || cause instanceof TimeoutException
                || cause instanceof io.netty.handler.timeout.TimeoutException
                || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "refused";
        }
        if (cause instanceof SSLException) {
            return "tls";
        }
        return "network";
    }

    @PreDestroy
    void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
    }
}
