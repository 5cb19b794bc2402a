package org.haven.casework.inbox;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.haven.intake.Report;
import org.haven.intake.ReportRepository;
import org.haven.web.Problem;

/**
 * Pages of sealed reports for the caseworker's browser, which opens them with the intake keys granted to
 * its owner and does every filtering, sorting and counting on what it opened.
 */
@NonBlocking
@Path("/casework/api/reports")
@Produces(MediaType.APPLICATION_JSON)
public class InboxApi {

    static final int PAGE_SIZE = 50;

    private final ReportRepository reports;
    private final org.haven.casework.cases.CaseNoteRepository notes;

    public InboxApi(ReportRepository reports, org.haven.casework.cases.CaseNoteRepository notes) {
        this.reports = reports;
        this.notes = notes;
    }

    @GET
    @WithSession
    public Uni<Map<String, Object>> page(@QueryParam("page") @DefaultValue("0") int page) {
        if (page < 0 || page > 100_000) {
            throw Problem.badRequest("page must be between 0 and 100000.");
        }
        return reports.count().chain(total -> reports.page(page, PAGE_SIZE).chain(list -> notes
                .forReports(list.stream().map(r -> r.id).toList())
                .map(byReport -> Map.of("page", page, "pageSize", PAGE_SIZE, "total", total,
                        "reports", list.stream().map(r -> summary(r, byReport.getOrDefault(r.id, java.util.List.of())))
                                .toList()))));
    }

    /** A report as the inbox needs it; notes stay sealed (outcomes among them are read in the browser). */
    private static Map<String, Object> summary(Report report, java.util.List<String> noteEnvelopes) {
        Map<String, Object> out = new HashMap<>();
        out.put("id", report.id.toString());
        out.put("kid", report.intakeKid);
        out.put("envelope", report.envelope);
        out.put("status", report.status);
        out.put("consent", report.consent);
        out.put("received", report.receivedHour.toString());
        out.put("expires", report.expiresOn.toString());
        out.put("assignedTo", report.assignedTo == null ? null : report.assignedTo.toString());
        // Replies are sealed in the browser to the reporter's mailbox key.
        out.put("mailboxPublicKey", org.haven.crypto.Base64Url.encode(report.mailboxPublicKey));
        out.put("notes", noteEnvelopes);
        return out;
    }

}
