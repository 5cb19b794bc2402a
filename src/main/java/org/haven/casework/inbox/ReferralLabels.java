package org.haven.casework.inbox;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.haven.web.Msgs;

/**
 * The staff messages that the referral composer and history (referral-*.js) put together in the browser:
 * field names, states, finding kinds and delivery errors in plain words. Listed here, by name, so the bundle
 * check sees each one used.
 */
final class ReferralLabels {

    private static final List<String> KEYS = List.of(
            "referral.force.choose", "referral.force.cannot-receive", "referral.account.empty",
            "referral.precision.street", "referral.precision.area", "referral.precision.town", "referral.precision.force",
            "referral.postcode.hint", "referral.property.hint", "referral.sending", "referral.sent.queued",
            "referral.sent.awaiting_approval", "referral.problem.consent", "referral.problem.force-unknown",
            "referral.problem.force-cannot-receive", "referral.problem.finding", "referral.problem.violation",
            "referral.kind.email", "referral.kind.phone", "referral.kind.postcode", "referral.kind.passport-or-permit",
            "referral.kind.national-insurance", "referral.kind.date-of-birth", "referral.kind.bank-or-card",
            "referral.kind.ip-address", "referral.kind.url", "referral.kind.immigration-term", "referral.kind.hidden-character",
            "referral.field.document", "referral.field.event", "referral.field.location", "referral.field.force",
            "referral.field.category", "referral.field.hate-strands", "referral.field.when",
            "referral.field.when-kind", "referral.field.when-from", "referral.field.when-until",
            "referral.field.time-of-day", "referral.field.when-note", "referral.field.harm", "referral.field.account",
            "referral.field.precision", "referral.field.place-kind", "referral.field.place", "referral.field.postcode",
            "referral.field.offenders", "referral.field.offender-count", "referral.field.offender-known",
            "referral.field.offender-relation", "referral.field.offender-age", "referral.field.offender-height",
            "referral.field.offender-build", "referral.field.offender-description", "referral.field.objects",
            "referral.field.vehicles", "referral.field.property",
            "referral.state.awaiting_approval", "referral.state.queued", "referral.state.delivered",
            "referral.state.dead", "referral.state.cancelled",
            "referral.history.none", "referral.history.reference", "referral.history.force", "referral.history.state",
            "referral.history.created", "referral.history.queued", "referral.history.finished",
            "referral.history.proposed-by", "referral.history.approved-by", "referral.history.error",
            "referral.history.police-reference", "referral.history.no-police-reference", "referral.history.copy",
            "referral.history.copy-sealed", "referral.history.cancel", "referral.history.cancel-confirm",
            "referral.history.retry", "referral.history.approve", "referral.history.approve-own",
            "referral.history.updated",
            "referral.error.http", "referral.error.timeout", "referral.error.refused", "referral.error.tls",
            "referral.error.network", "referral.error.bad-endpoint", "referral.error.force-key-changed",
            "referral.error.force-disabled", "referral.error.consent-withdrawn", "referral.error.cancelled",
            "referral.error.other", "referral.dead.case", "referral.dead.item", "referral.dead.other-page",
            "case.from-haven", "case.answer.unknown", "case.police-notice", "case.police-notice.no-reference", "staff.request-failed");

    /** Files in police referrals (referral-composer.js, docs/referral.md section 7). */
    private static final List<String> FILES = List.of("referral.files.item", "referral.files.item-other", "referral.files.preview", "referral.files.unnamed",
            "referral.files.unreadable", "referral.files.unreadable-reason", "referral.files.not-cleaned",
            "referral.files.not-image", "referral.files.too-many", "referral.files.no-force-key",
            "referral.files.sealing", "referral.files.failed");

    private ReferralLabels() {
    }

    static Map<String, String> of(Msgs staff) {
        Map<String, String> out = new TreeMap<>();
        KEYS.forEach(key -> out.put(key, staff.t(key)));
        FILES.forEach(key -> out.put(key, staff.t(key)));
        return out;
    }
}
