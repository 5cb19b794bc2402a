package org.haven.intake;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.haven.crypto.Base64Url;
import org.haven.crypto.ReceiptKeys;
import org.haven.web.DatabaseUnavailable;
import org.haven.web.Locales;
import org.haven.web.Page;
import org.haven.web.Pages;
import org.haven.web.Problem;
import io.quarkus.qute.TemplateInstance;

/**
 * Reporter pages, each in the language named by its path. Every page works without JavaScript: the
 * form posts to the server, which seals the report in memory; with JavaScript, report.js seals it in the
 * browser and these pages never see the answers.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ReporterResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_MESSAGE_LENGTH = 4000;

    private final Pages pages;
    private final IntakeService intake;
    private final ReportInserts inserts;
    private final ServerSideSealer sealer;

    public ReporterResource(Pages pages, IntakeService intake, ReportInserts inserts, ServerSideSealer sealer) {
        this.pages = pages;
        this.intake = intake;
        this.inserts = inserts;
        this.sealer = sealer;
    }

    @GET
    public Response chooseLanguage(@HeaderParam("Accept-Language") String acceptLanguage) {
        return Response.seeOther(URI.create("/" + Locales.fromAcceptLanguage(acceptLanguage) + "/"))
                .header("Vary", "Accept-Language").build();
    }

    @GET
    @Path("{lang}")
    public TemplateInstance landing(@PathParam("lang") String lang) {
        return ReporterPages.landing(page(lang, ""));
    }

    /**
     * Every language by its own name, each leading to the page the reporter came from; a page of its own so
     * that 24 names do not push every page's content below the fold on a small phone.
     */
    @GET
    @Path("{lang}/languages")
    public TemplateInstance languages(@PathParam("lang") String lang, @QueryParam("from") String from) {
        return ReporterPages.languages(page(lang, from == null ? "" : from));
    }

    @GET
    @Path("{lang}/report")
    public Uni<TemplateInstance> form(@PathParam("lang") String lang) {
        Page page = page(lang, "report");
        return withActiveKey(page, key -> ReporterPages.form(page,
                FormView.of(Answers.fromForm(java.util.Map.of()), List.of(), page.m(), newSubmissionKey(), key)));
    }

    @POST
    @Path("{lang}/report/review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> review(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        if (!form.errors().isEmpty()) {
            return withActiveKey(page, key -> form.again(page, key));
        }
        return Uni.createFrom().item(ReporterPages.review(page,
                ReviewView.of(form.answers(), page.m(), form.submissionKey())));
    }

    @POST
    @Path("{lang}/report/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> edit(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        return withActiveKey(page, key -> ReporterPages.form(page,
                FormView.of(form.answers(), List.of(), page.m(), form.submissionKey(), key)));
    }

    @POST
    @Path("{lang}/report/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> send(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        Answers answers = form.answers();
        String submissionKey = form.submissionKey();
        Uni<TemplateInstance> sent = intake.activeKey().chain(key -> {
            if (key == null) {
                return Uni.createFrom().item(ReporterPages.unavailable(page));
            }
            if (!form.errors().isEmpty()) {
                return Uni.createFrom().item(form.again(page, key));
            }
            Consent consent = Consent.fromCode(answers.value("consent")).orElseThrow();
            return sealer.seal(lang, answers, consent, submissionKey, key)
                    .chain(sealing -> inserts.insert(sealing.report()).map(outcome -> {
                        if (outcome instanceof SubmitOutcome.Stored || outcome instanceof SubmitOutcome.AlreadyStored) {
                            return ReporterPages.confirmation(page, ReceiptKeys.group(sealing.receipt()));
                        }
                        // A reused key or a retired intake key: start a fresh submission, keeping the answers.
                        return ReporterPages.form(page, FormView.of(answers,
                                List.of(new AnswerCheck.FieldError("account", "error.resend", null)), page.m(),
                                newSubmissionKey(), key));
                    }));
        });
        return sent.map(Response::ok).map(Response.ResponseBuilder::build)
                .onFailure(DatabaseUnavailable::is).recoverWithItem(() -> {
                    // The database is down or full: nothing was stored. The same page again, answers and
                    // submission key kept, so pressing send later stores the report once.
                    return Response.status(503).header("Retry-After", "30").entity(ReporterPages.review(page,
                            ReviewView.of(answers, page.m(), submissionKey, "send.error.refused"))).build();
                });
    }

    @GET
    @Path("{lang}/mailbox")
    public TemplateInstance mailboxSignIn(@PathParam("lang") String lang) {
        return ReporterPages.mailboxSignIn(page(lang, "mailbox"), "", false);
    }

    /**
     * Opens the mailbox. Without JavaScript the receipt is posted, used in memory to find the report and
     * open its messages, and forgotten; with JavaScript, mailbox-signin.js posts only the token derived from
     * it and mailbox.js opens the messages in the browser.
     */
    @POST
    @Path("{lang}/mailbox")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> mailbox(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "mailbox");
        Optional<byte[]> token = tokenField(posted);
        if (token.isPresent()) {
            return showMailbox(page, token.get(), null, "", null);
        }
        String typed = Optional.ofNullable(posted.getFirst("receipt")).orElse("");
        Optional<String> receipt = ReceiptKeys.normalise(typed);
        if (receipt.isEmpty()) {
            return Uni.createFrom().item(ReporterPages.mailboxSignIn(page, typed, true));
        }
        return sealer.lookupToken(receipt.get()).chain(derived -> showMailbox(page, derived, null, typed,
                receipt.get()));
    }

    @POST
    @Path("{lang}/mailbox/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> changeConsent(@PathParam("lang") String lang,
            MultivaluedMap<String, String> posted) {
        Page page = page(lang, "mailbox");
        byte[] token = tokenField(posted).orElseThrow(Problem::notFound);
        Optional<Consent> consent = Consent.fromCode(posted.getFirst("consent"));
        if (consent.isEmpty()) {
            return showMailbox(page, token, null, "", null);
        }
        return intake.changeConsent(token, consent.get())
                .chain(found -> showMailbox(page, token, found ? "mailbox.consent.saved" : null, "", null));
    }

    /** A no-JavaScript reporter's answer: sealed in memory to the intake key, with a copy to their mailbox key. */
    @POST
    @Path("{lang}/mailbox/message")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> sendMessage(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "mailbox");
        byte[] token = tokenField(posted).orElseThrow(Problem::notFound);
        String text = Answers.clean(posted.getFirst("message"));
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_MESSAGE_LENGTH) {
            return showMailbox(page, token, text.isEmpty() ? "mailbox.message.empty" : "mailbox.message.too-long",
                    "", null);
        }
        return intake.mailbox(token).chain(mailbox -> {
            if (mailbox == null) {
                return Uni.createFrom().item(ReporterPages.mailboxSignIn(page, "", true));
            }
            return intake.activeKey().chain(key -> key == null
                    ? Uni.createFrom().item(ReporterPages.unavailable(page))
                    : sealer.sealMessage(lang, text, key, mailbox.report().mailboxPublicKey)
                            .chain(sealed -> intake.addReporterMessage(token, sealed[0], sealed[1]))
                            .chain(stored -> showMailbox(page, token, "mailbox.message.sent", "", null)));
        });
    }

    @POST
    @Path("{lang}/mailbox/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance confirmWithdraw(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        byte[] token = tokenField(posted).orElseThrow(Problem::notFound);
        return ReporterPages.withdrawConfirm(page(lang, "mailbox"), Base64Url.encode(token));
    }

    @POST
    @Path("{lang}/mailbox/withdraw/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> withdraw(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "mailbox");
        byte[] token = tokenField(posted).orElseThrow(Problem::notFound);
        // Withdrawn and never-existed look the same afterwards, on purpose.
        return intake.withdraw(token).map(found -> ReporterPages.withdrawn(page));
    }

    /** @param receipt the typed receipt when the server may open the messages (no-JavaScript sign-in), else null */
    private Uni<TemplateInstance> showMailbox(Page page, byte[] token, String notice, String typed, String receipt) {
        return intake.mailbox(token).chain(mailbox -> {
            if (mailbox == null) {
                return Uni.createFrom().item(ReporterPages.mailboxSignIn(page, typed, true));
            }
            Uni<List<ShownMessage>> shown = receipt == null ? Uni.createFrom().nullItem()
                    : sealer.openMessages(receipt, mailbox.report().mailboxWrappedKey, mailbox.messages());
            return shown.chain(opened -> intake.activeKey().map(key -> ReporterPages.mailbox(page,
                    MailboxView.of(mailbox, token, page.lang(), notice, opened, key))));
        });
    }

    private Uni<TemplateInstance> withActiveKey(Page page, java.util.function.Function<IntakeKey, TemplateInstance> render) {
        return intake.activeKey().map(key -> key == null ? ReporterPages.unavailable(page) : render.apply(key));
    }

    private Page page(String lang, String path) {
        if (!Locales.isSupported(lang)) {
            throw Problem.notFound();
        }
        return pages.page(lang, path);
    }

    private static Optional<byte[]> tokenField(MultivaluedMap<String, String> posted) {
        String value = posted.getFirst("token");
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] token = Base64Url.decode(value);
            return token.length == 32 ? Optional.of(token) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A posted report form: its answers, its submission key, and what the rules say about them. */
    private record PostedForm(Answers answers, String submissionKey, List<AnswerCheck.FieldError> errors) {

        static PostedForm of(MultivaluedMap<String, String> posted) {
            Answers answers = Answers.fromForm(posted);
            return new PostedForm(answers, ReporterResource.submissionKey(posted), AnswerCheck.check(answers, today()));
        }

        /** The form again, with the errors and everything typed. */
        TemplateInstance again(Page page, IntakeKey key) {
            return ReporterPages.form(page, FormView.of(answers, errors, page.m(), submissionKey, key));
        }
    }

    /** The posted submission key, or a fresh one if it is missing or malformed (a tampered form). */
    private static String submissionKey(MultivaluedMap<String, String> posted) {
        String key = posted.getFirst("submission_key");
        return key != null && SubmissionParser.SUBMISSION_KEY.matcher(key).matches() ? key : newSubmissionKey();
    }

    static String newSubmissionKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64Url.encode(bytes);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
