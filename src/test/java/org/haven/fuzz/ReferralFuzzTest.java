package org.haven.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.haven.referral.document.ReferralSchema;
import org.haven.referral.screen.Finding;
import org.haven.referral.screen.PersonalDataScreen;

/**
 * The referral validator and the personal-data screen read what caseworkers write, so they must answer every
 * input with findings, never an exception (which would be a 500 and no finding shown): the validator for any JSON
 * value, the screen for any text, with every finding's range inside the text it was found in. Found inputs are
 * kept under {@code src/test/resources/org/haven/fuzz/ReferralFuzzTestInputs}.
 */
class ReferralFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @FuzzTest(maxDuration = "2m")
    void theValidatorAnswersEveryDocumentWithFindings(FuzzedDataProvider data) {
        JsonNode document;
        try {
            document = JSON.readTree(data.consumeRemainingAsString());
        } catch (JacksonException notJson) {
            return; // the API refuses it before the validator sees it
        }
        List<ReferralSchema.Violation> violations = ReferralSchema.check(document, TODAY);
        for (ReferralSchema.Violation violation : violations) {
            if (violation.path() == null || violation.problem() == null || violation.problem().isBlank()) {
                throw new AssertionError("a finding without a place or a reason: " + violation);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void theScreenAnswersEveryTextWithFindingsInsideIt(FuzzedDataProvider data) {
        boolean location = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        for (Finding finding : PersonalDataScreen.screen("/event/account", text, location)) {
            if (finding.start() < 0 || finding.end() > text.length() || finding.start() >= finding.end()) {
                throw new AssertionError("a finding outside the text: " + finding + " in " + text.length() + " chars");
            }
        }
    }
}
