package org.haven.web;

/**
 * A request Haven refuses, with a status and words safe to show: no class names, no stack traces, nothing
 * the client did not send. {@link ProblemMapper} turns it into an RFC 9457 problem-details response.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final java.util.Map<String, Object> members = new java.util.LinkedHashMap<>();

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

    /**
     * Adds a member to the problem details, e.g. a stable {@code code} that a page translates into the reader's
     * language. Only values safe to show: Haven's own words, or ids the client itself sent. The member
     * {@code retryAfter} becomes the Retry-After header instead.
     */
    public Problem with(String name, Object value) {
        members.put(name, value);
        return this;
    }

    /** Problem details with a stable {@code code} member for pages to translate (docs/attachments.md). */
    public static Problem coded(int status, String code, String title, String detail) {
        return new Problem(status, title, detail).with("code", code);
    }

    public java.util.Map<String, Object> members() {
        return java.util.Collections.unmodifiableMap(members);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
