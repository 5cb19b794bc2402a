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
 *
 * <p>Those forms are read whole into memory (nothing may reach the disk), and one takes about 3.5 times its size
 * in heap while it is cleaned and sealed; so the bodies they announce may together not exceed
 * haven.attachments.form-upload-memory-bytes on a replica. A reporter refused by either limit gets a page in the
 * language of the form, not a bare status.
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
    private final long formUploadMemory;
    private final Pages pages;
    private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();

    public BodyLimits(HavenConfig config, Pages pages) {
        this.formUploadBytes = config.attachments().maxReportBytes() + FORM_OVERHEAD_BYTES;
        this.formUploadMemory = config.attachments().formUploadMemoryBytes();
        this.pages = pages;
    }

    /** The no-JavaScript report form and mailbox message form, which may carry files. */
    public static boolean isFormUpload(String method, String path) {
        return "POST".equals(method) && path != null && FORM_UPLOAD.matcher(path).matches();
    }

    public long limitFor(String method, String path) {
        return isFormUpload(method, path) ? formUploadBytes : DEFAULT_BYTES;
    }

    void install(@Observes Router router) {
        // Before Quarkus' own check of the server-wide limit (order -2), so that a reporter gets a page, not a bare 413.
        router.route().order(-3).handler(this::check);
        // After it, because it sets the limit for a body without Content-Length to the server-wide one.
        router.route().order(-1).handler(context -> {
            var request = context.request();
            context.put(MAX_REQUEST_SIZE, limitFor(request.method().name(), request.path()));
            context.next();
        });
    }

    private void check(RoutingContext context) {
        var request = context.request();
        boolean form = isFormUpload(request.method().name(), request.path());
        long limit = form ? formUploadBytes : DEFAULT_BYTES;
        long announced = limit;
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                announced = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed Content-Length itself; counted at the limit meanwhile.
            }
            if (announced > limit) {
                refuse(context, 413, form, "evidence.nojs.too-large.title", "evidence.nojs.too-large.body");
                return;
            }
        }
        if (form) {
            long reserved = announced;
            if (inFlight.addAndGet(reserved) > formUploadMemory) {
                inFlight.addAndGet(-reserved);
                context.response().putHeader("Retry-After", "60");
                refuse(context, 503, true, "evidence.nojs.busy.title", "evidence.nojs.busy.body");
                return;
            }
            context.addEndHandler(ignored -> inFlight.addAndGet(-reserved));
        }
        context.next();
    }

    /** Bytes the no-JavaScript forms being received have announced, on this replica. */
    long formUploadsInFlight() {
        return inFlight.get();
    }

    /** Refuses before reading the body, and closes the connection so the rest of it is not read either. */
    private void refuse(RoutingContext context, int status, boolean page, String titleKey, String bodyKey) {
        var response = context.response().putHeader("Connection", "close").setStatusCode(status)
                .endHandler(ignored -> context.request().connection().close());
        if (!page) {
            response.end();
            return;
        }
        String first = context.request().path().substring(1, context.request().path().indexOf('/', 1));
        String lang = Locales.isSupported(first) ? first : Locales.SUPPORTED.get(0);
        response.putHeader("Content-Type", "text/html;charset=UTF-8")
                .end(ErrorPages.error(pages.page(lang, "report"), titleKey, bodyKey).render());
    }
}
