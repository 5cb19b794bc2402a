package org.haven.casework.account;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.crypto.Totp;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;
import org.jboss.resteasy.reactive.RestForm;

/** The staff sign-in steps (password, second factor or its enrolment) and first-admin setup. */
// Staff routes run on the event loop: the gate and the services use Hibernate Reactive there.
@NonBlocking
@Path("/casework")
@Produces(MediaType.TEXT_HTML)
public class StaffSignInResource {

    private static final int MIN_PASSWORD_LENGTH = 12;

    private final StaffAuth auth;
    private final FirstAdmin firstAdmin;
    private final StaffCookie cookie;
    private final Messages messages;
    private final String organisation;

    public StaffSignInResource(StaffAuth auth, FirstAdmin firstAdmin, Messages messages, HavenConfig config) {
        this.auth = auth;
        this.firstAdmin = firstAdmin;
        this.cookie = new StaffCookie(config.staff().secureCookie());
        this.messages = messages;
        this.organisation = config.organisation().name();
    }

    @GET
    @Path("login")
    public Response loginPage() {
        return html(StaffPages.login(page(), false, false).render());
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@RestForm String username, @RestForm String password) {
        return auth.password(username, password).chain(result -> {
            if (result instanceof SignInResult.PasswordAccepted accepted) {
                return Uni.createFrom().item(Response.seeOther(URI.create(accepted.mustEnrol()
                        ? "/casework/login/enrol" : "/casework/login/second-factor"))
                        .cookie(cookie.issue(accepted.sessionCookie())).build());
            }
            if (result instanceof SignInResult.Paused paused) {
                return Uni.createFrom().item(Response.status(429).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .header("Retry-After", paused.retryAfter().toSeconds())
                        .entity(StaffPages.login(page(), false, true).render()).build());
            }
            return slowly(result, StaffPages.login(page(), true, false).render());
        });
    }

    @GET
    @Path("login/second-factor")
    public Response secondFactorPage() {
        return html(StaffPages.secondFactor(page(), false).render());
    }

    @POST
    @Path("login/second-factor")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> secondFactor(@CookieParam("haven-staff") String plainCookie,
            @CookieParam("__Host-haven-staff") String hostCookie, @RestForm String code) {
        return auth.secondFactor(sessionCookie(plainCookie, hostCookie), code).chain(result -> {
            if (result instanceof SignInResult.SignedIn signedIn) {
                return Uni.createFrom().item(Response.seeOther(URI.create("/casework"))
                        .cookie(cookie.issue(signedIn.sessionCookie())).build());
            }
            return slowly(result, StaffPages.secondFactor(page(), true).render());
        });
    }

    @GET
    @Path("login/enrol")
    public Uni<Response> enrolPage(@CookieParam("haven-staff") String plainCookie,
            @CookieParam("__Host-haven-staff") String hostCookie) {
        return enrolPage(sessionCookie(plainCookie, hostCookie), false);
    }

    @POST
    @Path("login/enrol")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> enrol(@CookieParam("haven-staff") String plainCookie,
            @CookieParam("__Host-haven-staff") String hostCookie, @RestForm String code) {
        String session = sessionCookie(plainCookie, hostCookie);
        return auth.confirmEnrolment(session, code).chain(result -> {
            if (result instanceof SignInResult.Enrolled enrolled) {
                return Uni.createFrom().item(Response.ok(StaffPages.recoveryCodes(page(), enrolled.recoveryCodes())
                        .render(), MediaType.TEXT_HTML_TYPE).cookie(cookie.issue(enrolled.sessionCookie())).build());
            }
            return enrolPage(session, true);
        });
    }

    @GET
    @Path("setup")
    public Response setupPage() {
        return html(StaffPages.setup(page(), null).render());
    }

    @POST
    @Path("setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> setup(@RestForm String token, @RestForm String username, @RestForm String password,
            @RestForm("password_again") String passwordAgain) {
        String name = StaffAuth.normaliseUsername(username);
        if (!name.matches("[a-z0-9._-]{3,64}")) {
            return Uni.createFrom().item(html(StaffPages.setup(page(), "setup.error.username").render()));
        }
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            return Uni.createFrom().item(html(StaffPages.setup(page(), "setup.error.short").render()));
        }
        if (!password.equals(passwordAgain)) {
            return Uni.createFrom().item(html(StaffPages.setup(page(), "setup.error.mismatch").render()));
        }
        return firstAdmin.enrol(token, name, password).map(done -> html(done
                ? StaffPages.setupDone(page()).render()
                : StaffPages.setup(page(), "setup.error.token").render()));
    }

    private Uni<Response> enrolPage(String session, boolean failed) {
        return auth.enrolmentOffer(session).map(offer -> offer == null
                ? Response.seeOther(URI.create("/casework/login")).build()
                : html(StaffPages.enrol(page(), offer.username(), offer.base32(),
                        Totp.uri(organisation, offer.username(), offer.secret()), failed).render()));
    }

    /** A failed step answers after its delay, so guessing gets slower with every try. */
    private static Uni<Response> slowly(SignInResult result, String html) {
        java.time.Duration delay = result instanceof SignInResult.Failed failed ? failed.delay()
                : java.time.Duration.ZERO;
        return Uni.createFrom().item(html(html)).onItem().delayIt().by(delay);
    }

    private String sessionCookie(String plain, String host) {
        return cookie.secure() ? host : plain;
    }

    private StaffPage page() {
        return new StaffPage(messages.staff(), organisation, null);
    }

    private static Response html(String body) {
        return Response.ok(body, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
