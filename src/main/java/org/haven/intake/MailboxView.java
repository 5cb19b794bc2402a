package org.haven.intake;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.haven.crypto.Base64Url;

/**
 * The reporter's mailbox page: status, consent, dates, and the messages — opened by the server for a
 * no-JavaScript reader who typed the receipt, otherwise left sealed for mailbox.js to open in the browser.
 * The lookup token rides in hidden fields so that the next action needs no cookie and no receipt.
 *
 * @param notice a message key to confirm the last action, or null
 */
public record MailboxView(String token, String status, String consent, String received, String expires,
        List<ShownMessage> messages, String wrappedKey, String notice, String intakeKid, String intakePublicKey,
        String mailboxPublicKey, String lang, EvidenceView evidence, String draft) {

    public static MailboxView of(IntakeService.Mailbox mailbox, byte[] token, String lang, String notice,
            List<ShownMessage> shown, IntakeKey activeKey, EvidenceView evidence) {
        Report report = mailbox.report();
        DateTimeFormatter day = day(lang);
        List<ShownMessage> messages = shown != null ? shown
                : mailbox.messages().stream().map(ShownMessage::sealed).toList();
        return new MailboxView(Base64Url.encode(token), report.status, report.consent,
                day.format(report.receivedHour), day.format(report.expiresOn.atStartOfDay(ZoneOffset.UTC)),
                messages, report.mailboxWrappedKey, notice, activeKey == null ? "" : activeKey.kid,
                activeKey == null ? "" : Base64Url.encode(activeKey.publicKey),
                Base64Url.encode(report.mailboxPublicKey), lang, evidence, "");
    }

    /** The page again with the message the reporter typed, not sent because of the files (evidence.errors say why). */
    public MailboxView withDraft(String typed) {
        return new MailboxView(token, status, consent, received, expires, messages, wrappedKey, notice, intakeKid,
                intakePublicKey, mailboxPublicKey, lang, evidence, typed);
    }

    /** The day a message was sent, in the reader's language (its hour is all the server keeps). */
    public String sentDay(ShownMessage message) {
        return day(lang).format(message.sent());
    }

    private static DateTimeFormatter day(String lang) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(lang)).withZone(ZoneOffset.UTC);
    }

    public boolean hasNotice() {
        return notice != null;
    }

    /** True when some message is still sealed because the page was reached without the receipt. */
    public boolean someSealed() {
        return messages.stream().anyMatch(m -> m.text() == null);
    }

    public String statusKey() {
        return "status." + status;
    }

    public String statusExplainKey() {
        return "status." + status + ".explain";
    }

    public String consentKey(String code) {
        return "q.consent." + code;
    }

    public List<String> consentChoices() {
        return List.of("police", "record", "talk");
    }
}
