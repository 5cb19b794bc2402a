package org.haven.web;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.haven.crypto.EnvelopeException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table from failure to response. API clients get problem details (RFC 9457); nothing in a
 * response or log line names a class, a stack frame, the client, or what the client sent.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private final Pages pages;

    public ProblemMapper(Pages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response problem(Problem problem, UriInfo uri) {
        Response response = respond(uri, problem.status(), problem.title(), problem.getMessage());
        if (!problem.members().isEmpty() && response.getEntity() instanceof Map<?, ?> body) {
            Map<String, Object> extended = new LinkedHashMap<>();
            body.forEach((name, value) -> extended.put((String) name, value));
            problem.members().forEach((name, value) -> {
                if (!"retryAfter".equals(name)) { // a header, below
                    extended.putIfAbsent(name, value);
                }
            });
            response = Response.fromResponse(response).entity(extended).build();
        }
        Object retryAfter = problem.members().get("retryAfter");
        if (retryAfter != null) {
            return Response.fromResponse(response).header("Retry-After", retryAfter).build();
        }
        return problem.status() == 429 ? Response.fromResponse(response).header("Retry-After", "60").build() : response;
    }

    @ServerExceptionMapper
    public Response envelope(EnvelopeException e, UriInfo uri) {
        return respond(uri, 400, "Bad request", "The envelope is malformed.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = e instanceof NotFoundException ? "Not found"
                : known == null ? "Request refused" : known.getReasonPhrase();
        return respond(uri, status, title, null);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseUnavailable.is(e)) {
            // An outage, not a bug: one line without the trace, and a "try again" the client can act on.
            LOG.warnf("Database unavailable: %s", LogHygiene.describe(e));
            Response unavailable = respond(uri, 503, "Service unavailable", "Please try again in a minute.");
            return Response.fromResponse(unavailable).header("Retry-After", "30").build();
        }
        // An incident id lets an operator find the log line without the response revealing anything.
        String incident = UUID.randomUUID().toString();
        LOG.errorf("Unexpected failure %s: %s", incident, LogHygiene.describe(e));
        return respond(uri, 500, "Something went wrong", "Please try again. Reference " + incident + ".");
    }

    /** API callers get problem details; people get a page in the language of the page they were on. */
    private Response respond(UriInfo uri, int status, String title, String detail) {
        String path = uri.getPath();
        if (path.startsWith("/api/") || path.startsWith("/casework/api/") || path.startsWith("/q/")) {
            return respond(status, title, detail);
        }
        String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
        String lang = Locales.isSupported(first) ? first : Locales.SUPPORTED.get(0);
        boolean notFound = status == 404;
        String html = ErrorPages.error(pages.page(lang, ""), notFound ? "error.notfound.title" : "error.page.title",
                notFound ? "error.notfound.body" : "error.page.body").render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    public static Response respond(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
