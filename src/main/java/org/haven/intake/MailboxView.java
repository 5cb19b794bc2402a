package org.haven.intake;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.haven.crypto.Base64Url;

/**
 * The reporter's mailbox page: status, consent, dates, and the sealed messages (opened in the browser).
 * The lookup token rides in hidden fields so that the next action needs no cookie and no receipt.
 */
public record MailboxView(String token, String status, String consent, String received, String expires,
        List<MailboxMessage> messages, String wrappedKey, boolean consentSaved) {

    public static MailboxView of(IntakeService.Mailbox mailbox, byte[] token, String lang, boolean consentSaved) {
        Report report = mailbox.report();
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(lang))
                .withZone(ZoneOffset.UTC);
        return new MailboxView(Base64Url.encode(token), report.status, report.consent,
                day.format(report.receivedHour), day.format(report.expiresOn.atStartOfDay(ZoneOffset.UTC)),
                mailbox.messages(), report.mailboxWrappedKey, consentSaved);
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
