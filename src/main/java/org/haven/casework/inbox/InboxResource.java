package org.haven.casework.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.casework.account.CurrentStaff;
import org.haven.intake.Questionnaire;
import org.haven.web.HavenConfig;
import org.haven.web.Locales;
import org.haven.web.Messages;

/**
 * The inbox: one page where the caseworker's browser unlocks their key, opens reports and shows them. Keys
 * live only in that page's memory, so leaving or reloading it forgets them.
 */
@NonBlocking
@Path("/casework/inbox")
@Produces(MediaType.TEXT_HTML)
public class InboxResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Outcome codes a caseworker can record (case view); sealed in notes, counted by statistics. */
    static final List<String> OUTCOMES = List.of("referred-police", "advice-given", "support-service",
            "no-further-action", "reporter-unreachable");

    private final CurrentStaff current;
    private final Messages messages;
    private final String organisation;
    private final String labels;

    public InboxResource(CurrentStaff current, Messages messages, HavenConfig config) {
        this.current = current;
        this.messages = messages;
        this.organisation = config.organisation().name();
        this.labels = labelsJson(messages);
    }

    @GET
    public TemplateInstance inbox() {
        return StaffPages.inbox(new StaffPage(messages.staff(), organisation, current.get()), labels);
    }

    /**
     * Question, option and status labels in the caseworker's language (English for now), plus the order of
     * questions, so a report written in any language reads the same to its caseworker.
     */
    public static String labelsJson(Messages messages) {
        Map<String, Object> out = new TreeMap<>();
        out.put("text", messages.englishEntries(List.of("q.", "section.", "status.")));
        Map<String, String> languages = new TreeMap<>();
        for (String lang : Locales.ALL) {
            languages.put(lang, messages.staff().t("language." + lang));
        }
        out.put("languages", languages);
        Map<String, String> outcomes = new TreeMap<>();
        for (String code : OUTCOMES) {
            outcomes.put(code, messages.staff().t("case.outcome." + code));
        }
        out.put("outcomes", outcomes);
        out.put("staff", ReferralLabels.of(messages.staff()));
        out.put("questions", Questionnaire.questions().map(q -> Map.of("name", q.name(),
                "options", !q.options().isEmpty(), "date", q.isDate(), "long", q.isTextarea())).toList());
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
