package org.haven.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Requests that fail before a resource sees them: a missing Host, a malformed request Vert.x refuses, a client
 * that trickles its request in. The router's own error page names the exception and, outside prod, prints its
 * stack; here the client gets a bare problem response, and a slow request loses its connection.
 */
@ApplicationScoped
public class RequestHygiene {

    private static final Logger LOG = Logger.getLogger(RequestHygiene.class);

    /** 256 KiB per window (30 s in production): about 70 kbit/s, which even a poor mobile connection keeps up. */
    static final long FORM_PROGRESS_BYTES = 256 * 1024;

    private final long arrivalMillis;
    private final long formUploadArrivalMillis;

    public RequestHygiene(HavenConfig config) {
        this.arrivalMillis = config.requestArrivalTimeout().toMillis();
        this.formUploadArrivalMillis = config.attachments().formUploadArrivalTimeout().toMillis();
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            var request = context.request();
            if (!request.isEnded() && BodyLimits.isFormUpload(request.method().name(), request.path())) {
                watchFormUpload(vertx, context);
            } else if (!request.isEnded()) {
                long timer = vertx.setTimer(arrivalMillis, id -> {
                    if (!request.isEnded()) {
                        request.connection().close();
                    }
                });
                context.addEndHandler(ignored -> vertx.cancelTimer(timer));
            }
            context.next();
        });
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(RequestHygiene::fail);
    }

    /**
     * The no-JavaScript forms that carry files may take up to form-upload-arrival-timeout (60 MiB from a phone), but
     * only while they keep arriving: at least {@link #FORM_PROGRESS_BYTES} in every arrival-timeout window. A client
     * that announces a large body and trickles it would otherwise hold its share of the forms' memory budget
     * (BodyLimits) for minutes at almost no cost.
     */
    private void watchFormUpload(Vertx vertx, RoutingContext context) {
        var request = context.request();
        long started = System.nanoTime();
        long[] seen = {request.bytesRead()};
        long timer = vertx.setPeriodic(arrivalMillis, id -> {
            if (request.isEnded()) {
                return;
            }
            long read = request.bytesRead();
            boolean late = (System.nanoTime() - started) / 1_000_000 >= Math.max(arrivalMillis, formUploadArrivalMillis);
            if (late || read - seen[0] < FORM_PROGRESS_BYTES) {
                request.connection().close();
            }
            seen[0] = read;
        });
        context.addEndHandler(ignored -> vertx.cancelTimer(timer));
    }

    private static void fail(RoutingContext context) {
        if (context.response().headWritten()) {
            context.response().close();
            return;
        }
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            LOG.errorf("Request failed before reaching Haven: %s", LogHygiene.describe(context.failure()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status >= 500 ? "Something went wrong" : "Request refused");
        body.put("status", status);
        context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(io.vertx.core.json.Json.encode(body));
    }
}
