package org.haven.web;

/**
 * A request Haven refuses, with a status and words safe to show: no class names, no stack traces, nothing
 * the client did not send. {@link ProblemMapper} turns it into an RFC 9457 problem-details response.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad request", detail);
    }

    public static Problem notFound() {
        return new Problem(404, "Not found", "Nothing matches this request.");
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
