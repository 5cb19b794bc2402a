package org.haven.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Request body limits by route. quarkus.http.limits.max-body-size is one number for the whole server, and it
 * must let through the no-JavaScript forms that carry evidence files (up to haven.attachments.max-report-bytes
 * plus the answers); every other route keeps the 1 MiB it had before, checked here on Content-Length and, for a
 * chunked body, through the per-request limit Quarkus' own body reader honours.
 */
@ApplicationScoped
public class BodyLimits {

    /** Every route but the two evidence forms: what a report envelope, a message or a 256 KiB chunk needs. */
    public static final long DEFAULT_BYTES = 1024 * 1024;
    /** Room for the answers and the multipart framing beside the files. */
    static final long FORM_OVERHEAD_BYTES = 1024 * 1024;
    // The routes Quarkus reads this from (VertxInputStream) for a body sent without Content-Length.
    private static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";
    private static final Pattern FORM_UPLOAD = Pattern.compile("/[a-z]{2,3}/(report/review|mailbox/message)");

    private final long formUploadBytes;

    public BodyLimits(HavenConfig config) {
        this.formUploadBytes = config.attachments().maxReportBytes() + FORM_OVERHEAD_BYTES;
    }

    /** The no-JavaScript report form and mailbox message form, which may carry files. */
    public static boolean isFormUpload(String method, String path) {
        return "POST".equals(method) && path != null && FORM_UPLOAD.matcher(path).matches();
    }

    public long limitFor(String method, String path) {
        return isFormUpload(method, path) ? formUploadBytes : DEFAULT_BYTES;
    }

    // Order -1: after Quarkus' own check of the server-wide limit (order -2), which it would otherwise overwrite.
    void install(@Observes Router router) {
        router.route().order(-1).handler(this::check);
    }

    private void check(RoutingContext context) {
        var request = context.request();
        long limit = limitFor(request.method().name(), request.path());
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    context.response().putHeader("Connection", "close").setStatusCode(413)
                            .endHandler(ignored -> request.connection().close()).end();
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed Content-Length itself; nothing to add here.
            }
        }
        context.put(MAX_REQUEST_SIZE, limit);
        context.next();
    }
}
