package org.haven.referral;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.haven.referral.document.ReferralSchema;
import org.haven.referral.screen.Finding;
import org.haven.referral.screen.PersonalDataScreen;

/**
 * The checks every referral passes before anything leaves Haven (DESIGN.md promise 3, docs/referral.md
 * "The firewall"): the reporter's consent, the schema, the personal-data screen, and a force able to receive.
 * Every check runs every time, so the caseworker sees everything to fix at once. There is no override.
 */
public final class ReferralFirewall {

    /** The only field where a postcode district (never a full postcode) may stand. */
    static final Set<String> LOCATION_FIELDS = Set.of("/location/postcodeDistrict");

    /** Haven fills these from its configuration; the caseworker cannot write them, so they are not screened. */
    private static final String HAVENS_OWN = "/from/";
    /**
     * Haven fills these too (file ids, a type from a list of two, hashes), and the schema allows no free text
     * there; a hash's runs of digits would otherwise look like card or phone numbers to the screen.
     */
    private static final String EVIDENCE = "/evidence/";

    private ReferralFirewall() {
    }

    /** Why a referral may not leave, all at once; {@link #passed()} when nothing stands in the way. */
    public record Verdict(boolean consentMissing, Optional<String> forceProblem, List<ReferralSchema.Violation> violations,
            List<Finding> findings) {

        public boolean passed() {
            return !consentMissing && forceProblem.isEmpty() && violations.isEmpty() && findings.isEmpty();
        }

        /**
         * For the audit log: which checks failed and the kinds found, e.g.
         * {@code blocked:consent,schema=2,screen=phone.email}; never the text.
         */
        public String auditDetail() {
            List<String> parts = new ArrayList<>();
            if (consentMissing) {
                parts.add("consent");
            }
            forceProblem.ifPresent(problem -> parts.add("force"));
            if (!violations.isEmpty()) {
                parts.add("schema=" + violations.size());
            }
            if (!findings.isEmpty()) {
                Set<String> kinds = new TreeSet<>();
                findings.forEach(f -> kinds.add(f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
                parts.add("screen=" + String.join(".", kinds));
            }
            return "blocked:" + String.join(",", parts);
        }
    }

    /**
     * @param document the complete document (Haven's members filled in)
     * @param draftViolations problems already found in the caseworker's draft (members not theirs to write)
     * @param consent the report's consent code as the reporter last set it
     * @param force the force the document names, if the registry knows it
     */
    public static Verdict check(JsonNode document, List<ReferralSchema.Violation> draftViolations, String consent,
            Optional<ForceTarget> force, LocalDate today) {
        List<ReferralSchema.Violation> violations = new ArrayList<>(draftViolations);
        violations.addAll(ReferralSchema.check(document, today));
        java.util.Map<String, String> texts = ReferralDocuments.texts(document);
        texts.keySet().removeIf(path -> path.startsWith(HAVENS_OWN) || path.startsWith(EVIDENCE));
        List<Finding> findings = PersonalDataScreen.screen(texts, LOCATION_FIELDS);
        Optional<String> forceProblem = force.isEmpty() ? Optional.of("unknown")
                : force.get().canReceive() ? Optional.empty() : Optional.of("cannot-receive");
        return new Verdict(!"police".equals(consent), forceProblem, List.copyOf(violations), findings);
    }
}
