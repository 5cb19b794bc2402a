package org.haven.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Drops an Accept-Language header that is not well formed before anything reads it. The REST layer parses the
 * header to pick a template locale and answered a malformed one (a repeated or non-numeric {@code q}, stray
 * semicolons, as some browsers, extensions and privacy tools send) with 400, so a reporter whose browser sent it
 * could not open the form at all. Haven chooses the page language from the path, so such a header is simply
 * treated as absent.
 */
@ApplicationScoped
public class AcceptLanguageHygiene {

    /** RFC 9110 section 12.5.4: language ranges, each with at most one weight between 0 and 1. */
    private static final Pattern WELL_FORMED = Pattern.compile(
            "[ \\t]*(\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)([ \\t]*;[ \\t]*[qQ]=(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?))?[ \\t]*"
                    + "(,[ \\t]*(\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)"
                    + "([ \\t]*;[ \\t]*[qQ]=(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?))?[ \\t]*)*");

    static boolean wellFormed(String header) {
        return header.length() <= 1024 && WELL_FORMED.matcher(header).matches();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            var headers = context.request().headers();
            if (headers.getAll("Accept-Language").stream().anyMatch(value -> !wellFormed(value))) {
                headers.remove("Accept-Language");
            }
            context.next();
        });
    }
}
