package org.haven.web;

/**
 * What may be logged about a failure: the kind of failure and where in Haven it happened, never the
 * exception message (which can quote a request, an address or a value typed by a reporter).
 */
public final class LogHygiene {

    private LogHygiene() {
    }

    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.haven.")) {
                out.append(" at ").append(frame.getClassName()).append('.').append(frame.getMethodName())
                        .append(':').append(frame.getLineNumber());
                break;
            }
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            out.append(" caused by ").append(cause.getClass().getSimpleName());
        }
        return out.toString();
    }
}
