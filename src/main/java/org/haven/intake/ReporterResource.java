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
import org.haven.intake.attachment.AttachmentLimits;
import org.haven.intake.attachment.HeldFile;
import org.haven.intake.attachment.ServerSideEvidence;
import org.haven.web.DatabaseUnavailable;
import org.haven.web.Locales;
import org.haven.web.MemoryMultipart;
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
    private final FloodGuard flood;
    private final Challenges challenges;
    private final AttachmentLimits limits;
    private final ServerSideEvidence evidence;

    public ReporterResource(Pages pages, IntakeService intake, ReportInserts inserts, ServerSideSealer sealer,
            FloodGuard flood, Challenges challenges, AttachmentLimits limits, ServerSideEvidence evidence) {
        this.pages = pages;
        this.intake = intake;
        this.inserts = inserts;
        this.sealer = sealer;
        this.flood = flood;
        this.challenges = challenges;
        this.limits = limits;
        this.evidence = evidence;
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
    /**
     * The evidence step's texts in one language, for /js/evidence.js: loaded only when a file is picked, so the
     * form page stays within its weight budget before the reporter does anything.
     */
    @GET
    @Path("{lang}/evidence-strings")
    public TemplateInstance evidenceStrings(@PathParam("lang") String lang) {
        return ReporterPages.evidenceStrings(page(lang, ""));
    }

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
                FormView.of(Answers.fromForm(java.util.Map.of()), List.of(), page.m(), newSubmissionKey(), key, evidenceView())));
    }

    /**
     * The form as the page posts it (multipart, for its evidence input). Taken as raw bytes and parsed in memory
     * (MemoryMultipart): Quarkus' own multipart handling would write file parts to disk first. Chosen files are
     * cleaned, sealed and stored as unbound uploads (ServerSideEvidence) whatever else is wrong with the form, so
     * that nothing sent is lost; they travel on as hidden fields until the report is sent.
     */
    @POST
    @Path("{lang}/report/review")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<TemplateInstance> reviewMultipart(@PathParam("lang") String lang,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        Page page = page(lang, "report");
        return evidence.read(contentType, body).chain(posted -> review(page, posted));
    }

    private Uni<TemplateInstance> review(Page page, MemoryMultipart posted) {
        PostedForm form = PostedForm.of(posted.fields());
        List<MemoryMultipart.Part> chosen = ServerSideEvidence.chosen(posted);
        return intake.activeKey().chain(key -> {
            if (key == null) {
                return Uni.createFrom().item(ReporterPages.unavailable(page));
            }
            return evidence.discard(form.removed())
                    .chain(() -> evidence.prepare(chosen, form.kept()))
                    .chain(prepared -> evidence.store(prepared, key.kid, key.publicKey))
                    .map(taken -> {
                        List<HeldFile> held = new java.util.ArrayList<>(form.kept());
                        held.addAll(taken.held());
                        List<String> refusals = taken.refused().stream().map(r -> refusal(page, r)).toList();
                        if (!form.errors().isEmpty() || !refusals.isEmpty()) {
                            return ReporterPages.form(page, FormView.of(form.answers(), form.errors(), page.m(),
                                    form.submissionKey(), key, evidenceView().with(held, refusals)).withEvidenceErrors());
                        }
                        return ReporterPages.review(page,
                                ReviewView.of(form.answers(), page.m(), form.submissionKey()).with(held));
                    });
        });
    }

    @POST
    @Path("{lang}/report/review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> review(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        if (!form.errors().isEmpty()) {
            return withActiveKey(page, key -> form.again(page, key, evidenceView().with(form.held(), List.of())));
        }
        return Uni.createFrom().item(ReporterPages.review(page,
                ReviewView.of(form.answers(), page.m(), form.submissionKey()).with(form.held())));
    }

    /** "Change your answers": the form again with everything typed, and the files already sent shown as attached. */
    @POST
    @Path("{lang}/report/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> edit(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        return withActiveKey(page, key -> ReporterPages.form(page, FormView.of(form.answers(), List.of(), page.m(),
                form.submissionKey(), key, evidenceView().with(form.held(), List.of()))));
    }

    @POST
    @Path("{lang}/report/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> send(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "report");
        PostedForm form = PostedForm.of(posted);
        Answers answers = form.answers();
        String submissionKey = form.submissionKey();
        Uni<Response> sent = intake.activeKey().chain(key -> {
            if (key == null) {
                return Uni.createFrom().item(ok(ReporterPages.unavailable(page)));
            }
            if (!form.errors().isEmpty()) {
                return Uni.createFrom().item(ok(form.again(page, key, evidenceView().with(form.held(), List.of()))));
            }
            // Without JavaScript there is no proof of work: a global budget per minute instead.
            return flood.spendNoJs().chain(admitted -> admitted ? store(page, lang, form, key)
                    : Uni.createFrom().item(Response.status(429).header("Retry-After", "60").entity(
                            ReporterPages.review(page, ReviewView.of(answers, page.m(), submissionKey,
                                    "send.error.refused").with(form.held()))).build()));
        });
        return sent.onFailure(DatabaseUnavailable::is).recoverWithItem(() -> {
            // The database is down or full: nothing was stored. The same page again, answers and
            // submission key kept, so pressing send later stores the report once.
            return Response.status(503).header("Retry-After", "30").entity(ReporterPages.review(page,
                    ReviewView.of(answers, page.m(), submissionKey, "send.error.refused").with(form.held()))).build();
        });
    }

    /**
     * Seals the report and binds the files to send in the same transaction (cleaned ones, and those the reporter
     * ticked to send as they are); the others are deleted once the report is stored.
     */
    private Uni<Response> store(Page page, String lang, PostedForm form, IntakeKey key) {
        Answers answers = form.answers();
        Consent consent = Consent.fromCode(answers.value("consent")).orElseThrow();
        List<HeldFile> sending = form.held().stream().filter(f -> f.cleaned() || form.asIs().contains(f.id().toString()))
                .toList();
        List<HeldFile> notSending = form.held().stream().filter(f -> !sending.contains(f)).toList();
        return sealer.seal(lang, answers, consent, form.submissionKey(), key)
                .chain(sealing -> inserts.insert(sealing.report().with(sending.stream().map(HeldFile::claim).toList()))
                        .chain(outcome -> {
                            if (outcome instanceof SubmitOutcome.Stored || outcome instanceof SubmitOutcome.AlreadyStored) {
                                return evidence.discard(notSending).replaceWith(
                                        ok(ReporterPages.confirmation(page, ReceiptKeys.group(sealing.receipt()))));
                            }
                            // A reused key or a retired intake key: start a fresh submission, keeping the answers.
                            return Uni.createFrom().item(ok(ReporterPages.form(page, FormView.of(answers,
                                    List.of(new AnswerCheck.FieldError("account", "error.resend", null)), page.m(),
                                    newSubmissionKey(), key, evidenceView().with(form.held(), List.of())))));
                        }))
                .onFailure(Problem.class).recoverWithItem(refused -> {
                    // A file refused at binding (gone after a day unsent, or sealed to a key since rotated): nothing
                    // was stored. The form again without the files that can no longer be sent, to add them again.
                    Object gone = ((Problem) refused).members().get("attachment");
                    List<HeldFile> left = form.held().stream().filter(f -> !f.id().toString().equals(gone)).toList();
                    return Response.status(422).entity(ReporterPages.form(page, FormView.of(answers, List.of(),
                            page.m(), form.submissionKey(), key,
                            evidenceView().with(left, List.of(page.m().t("evidence.nojs.error.gone")))).withEvidenceErrors()))
                            .build();
                });
    }

    private static Response ok(TemplateInstance page) {
        return Response.ok(page).build();
    }

    @GET
    @Path("{lang}/mailbox")
    public TemplateInstance mailboxSignIn(@PathParam("lang") String lang) {
        return ReporterPages.mailboxSignIn(page(lang, "mailbox"), "", null);
    }

    /**
     * Opens the mailbox. Without JavaScript the receipt is posted, used in memory to find the report and
     * open its messages, and forgotten; with JavaScript, mailbox-signin.js posts only the token derived from
     * it and mailbox.js opens the messages in the browser.
     */
    @POST
    @Path("{lang}/mailbox")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> mailbox(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        Page page = page(lang, "mailbox");
        Optional<byte[]> token = tokenField(posted);
        String typed = Optional.ofNullable(posted.getFirst("receipt")).orElse("");
        if (token.isPresent()) {
            return admitted(posted).chain(admitted -> !admitted ? busy(page, typed)
                    : signIn(page, token.get(), typed, null));
        }
        Optional<String> receipt = ReceiptKeys.normalise(typed);
        if (receipt.isEmpty()) {
            return Uni.createFrom().item(ok(ReporterPages.mailboxSignIn(page, typed, "mailbox.signin.not-found")));
        }
        return admitted(posted).chain(admitted -> !admitted ? busy(page, typed)
                : sealer.lookupToken(receipt.get()).chain(derived -> signIn(page, derived, typed, receipt.get())));
    }

    /**
     * With JavaScript, mailbox-signin.js posts a solved challenge; a missing or unacceptable one is charged to
     * the no-JavaScript budget instead, so a reporter whose proof went stale is not turned away.
     */
    private Uni<Boolean> admitted(MultivaluedMap<String, String> posted) {
        String challenge = posted.getFirst("challenge");
        if (challenge != null && !challenge.isEmpty()) {
            try {
                java.time.Instant expires = challenges.verify(challenge, posted.getFirst("solution"), "mailbox");
                return flood.redeem(challenge, expires).replaceWith(true)
                        .onFailure(Problem.class).recoverWithUni(refused -> flood.spendNoJs());
            } catch (Problem refused) {
                return flood.spendNoJs();
            }
        }
        return flood.spendNoJs();
    }

    /** A sign-in within the per-token and failed-sign-in limits; a miss counts against the global budget. */
    private Uni<Response> signIn(Page page, byte[] token, String typed, String receipt) {
        return flood.admitSignIn(token).chain(admitted -> !admitted ? busy(page, typed)
                : showMailbox(page, token, null, typed, receipt).map(ReporterResource::ok));
    }

    private static Uni<Response> busy(Page page, String typed) {
        return Uni.createFrom().item(Response.status(429).header("Retry-After", "60")
                .entity(ReporterPages.mailboxSignIn(page, typed, "mailbox.signin.busy")).build());
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
        return flood.tokenLookup(intake.changeConsent(token, consent.get()), found -> found)
                .chain(found -> showMailbox(page, token, found ? "mailbox.consent.saved" : null, "", null));
    }

    /** The message form as the page posts it (multipart, for its evidence input), parsed in memory only. */
    @POST
    @Path("{lang}/mailbox/message")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<TemplateInstance> sendMessageMultipart(@PathParam("lang") String lang,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        page(lang, "mailbox");
        return evidence.read(contentType, body)
                .chain(posted -> sendMessage(lang, posted.fields(), ServerSideEvidence.chosen(posted)));
    }

    /** A no-JavaScript reporter's answer: sealed in memory to the intake key, with a copy to their mailbox key. */
    @POST
    @Path("{lang}/mailbox/message")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> sendMessage(@PathParam("lang") String lang, MultivaluedMap<String, String> posted) {
        return sendMessage(lang, posted, List.of());
    }

    /**
     * The message and its files in one go: every file cleaned if it can be and checked first, in memory; a file
     * that cannot be cleaned goes only if the reporter ticked "send as they are". Any refusal sends nothing and
     * shows the page again with the typed message; otherwise the files are sealed and stored, and bound with the
     * message in its transaction.
     */
    private Uni<TemplateInstance> sendMessage(String lang, java.util.Map<String, List<String>> posted,
            List<MemoryMultipart.Part> files) {
        Page page = page(lang, "mailbox");
        byte[] token = tokenField(posted).orElseThrow(Problem::notFound);
        String text = Answers.clean(first(posted, "message"));
        // Text or files: here the server sees both, so it keeps the rule (the JS path keeps it in mailbox.js).
        if ((text.isEmpty() && files.isEmpty()) || text.codePointCount(0, text.length()) > MAX_MESSAGE_LENGTH) {
            return showMailbox(page, token, text.isEmpty() ? "mailbox.message.empty" : "mailbox.message.too-long",
                    "", null, new Draft(text, List.of()));
        }
        boolean asIs = first(posted, "evidence_as_is") != null;
        return flood.tokenLookup(intake.mailbox(token), found -> found != null).chain(mailbox -> {
            if (mailbox == null) {
                return Uni.createFrom().item(ReporterPages.mailboxSignIn(page, "", "mailbox.signin.not-found"));
            }
            return intake.activeKey().chain(key -> key == null
                    ? Uni.createFrom().item(ReporterPages.unavailable(page))
                    : evidence.prepare(files, List.of()).chain(prepared -> {
                        List<String> refusals = new java.util.ArrayList<>();
                        for (Object outcome : prepared) {
                            if (outcome instanceof ServerSideEvidence.Refused r) {
                                refusals.add(refusal(page, r));
                            } else if (outcome instanceof ServerSideEvidence.Prepared p && !p.cleaned() && !asIs) {
                                refusals.add(page.m().t("evidence.nojs.error.not-cleaned", p.name()));
                            }
                        }
                        if (!refusals.isEmpty()) {
                            return showMailbox(page, token, null, "", null, new Draft(text, refusals));
                        }
                        return evidence.store(prepared, key.kid, key.publicKey).chain(taken -> {
                            if (!taken.refused().isEmpty()) {
                                return evidence.discard(taken.held()).chain(() -> showMailbox(page, token, null, "", null,
                                        new Draft(text, taken.refused().stream().map(r -> refusal(page, r)).toList())));
                            }
                            List<org.haven.intake.attachment.AttachmentClaim> claims = taken.held().stream()
                                    .map(HeldFile::claim).toList();
                            if (text.isEmpty() && claims.isEmpty()) {
                                return showMailbox(page, token, "mailbox.message.empty", "", null,
                                        new Draft(text, List.of()));
                            }
                            return sealer.sealMessage(lang, text, key, mailbox.report().mailboxPublicKey)
                                    .chain(sealed -> intake.addReporterMessage(token, sealed[0], sealed[1], claims))
                                    .chain(stored -> showMailbox(page, token, "mailbox.message.sent", "", null));
                        });
                    }));
        });
    }

    /** The message key of a refused file, translated, with the file's name and the limit it broke. */
    private static String refusal(Page page, ServerSideEvidence.Refused r) {
        return r.limit() == 0 ? page.m().t(r.messageKey(), r.name()) : page.m().t(r.messageKey(), r.name(), r.limit());
    }

    /** A message not sent because of its files: what was typed, and why each refused file was. */
    private record Draft(String text, List<String> errors) {
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
        return flood.tokenLookup(intake.withdraw(token), found -> found).map(found -> ReporterPages.withdrawn(page));
    }

    /** @param receipt the typed receipt when the server may open the messages (no-JavaScript sign-in), else null */
    private Uni<TemplateInstance> showMailbox(Page page, byte[] token, String notice, String typed, String receipt) {
        return showMailbox(page, token, notice, typed, receipt, null);
    }

    private Uni<TemplateInstance> showMailbox(Page page, byte[] token, String notice, String typed, String receipt,
            Draft draft) {
        // Every page that looks a token up can test a guessed receipt: each miss counts as a failed sign-in.
        return flood.tokenLookup(intake.mailbox(token), found -> found != null).chain(mailbox -> {
            if (mailbox == null) {
                return Uni.createFrom().item(ReporterPages.mailboxSignIn(page, typed, "mailbox.signin.not-found"));
            }
            Uni<List<ShownMessage>> shown = receipt == null ? Uni.createFrom().nullItem()
                    : sealer.openMessages(receipt, mailbox.report().mailboxWrappedKey, mailbox.messages());
            return shown.chain(opened -> intake.activeKey().map(key -> ReporterPages.mailbox(page,
                    draft == null
                    ? MailboxView.of(mailbox, token, page.lang(), notice, opened, key, evidenceView())
                    : MailboxView.of(mailbox, token, page.lang(), notice, opened, key,
                            evidenceView().with(List.of(), draft.errors())).withDraft(draft.text()))));
        });
    }

    private Uni<TemplateInstance> withActiveKey(Page page, java.util.function.Function<IntakeKey, TemplateInstance> render) {
        return intake.activeKey().map(key -> key == null ? ReporterPages.unavailable(page) : render.apply(key));
    }

    private EvidenceView evidenceView() {
        return EvidenceView.of(limits);
    }

    private Page page(String lang, String path) {
        if (!Locales.isSupported(lang)) {
            throw Problem.notFound();
        }
        return pages.page(lang, path);
    }

    private static Optional<byte[]> tokenField(java.util.Map<String, List<String>> posted) {
        String value = first(posted, "token");
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

    /**
     * A posted report form: its answers, its submission key, what the rules say about them, and (without
     * JavaScript) the files already held for it, those the reporter removed, and those ticked to send as they are.
     */
    private record PostedForm(Answers answers, String submissionKey, List<AnswerCheck.FieldError> errors,
            List<HeldFile> held, java.util.Set<String> removedIds, java.util.Set<String> asIs) {

        static PostedForm of(java.util.Map<String, List<String>> posted) {
            Answers answers = Answers.fromForm(posted);
            java.util.Map<java.util.UUID, HeldFile> held = new java.util.LinkedHashMap<>();
            posted.getOrDefault("evidence_held", List.of()).stream().map(HeldFile::parse).flatMap(Optional::stream)
                    .forEach(file -> held.putIfAbsent(file.id(), file));
            return new PostedForm(answers, ReporterResource.submissionKey(posted), AnswerCheck.check(answers, today()),
                    List.copyOf(held.values()), java.util.Set.copyOf(posted.getOrDefault("evidence_remove", List.of())),
                    java.util.Set.copyOf(posted.getOrDefault("evidence_as_is", List.of())));
        }

        /** The held files the reporter did not remove. */
        List<HeldFile> kept() {
            return held.stream().filter(f -> !removedIds.contains(f.id().toString())).toList();
        }

        List<HeldFile> removed() {
            return held.stream().filter(f -> removedIds.contains(f.id().toString())).toList();
        }

        /** The form again, with the errors and everything typed. */
        TemplateInstance again(Page page, IntakeKey key, EvidenceView evidence) {
            return ReporterPages.form(page, FormView.of(answers, errors, page.m(), submissionKey, key, evidence));
        }
    }

    /** The posted submission key, or a fresh one if it is missing or malformed (a tampered form). */
    private static String submissionKey(java.util.Map<String, List<String>> posted) {
        String key = first(posted, "submission_key");
        return key != null && SubmissionParser.SUBMISSION_KEY.matcher(key).matches() ? key : newSubmissionKey();
    }

    private static String first(java.util.Map<String, List<String>> posted, String name) {
        List<String> values = posted.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
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
