package org.haven.referral.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferralSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = ReferralSchema.today();

    /** A complete, valid referral; tests change one thing at a time. */
    static ObjectNode valid() {
        return org.haven.referral.ReferralSamples.validDocument();
    }

    private static List<String> paths(ObjectNode document) {
        return ReferralSchema.check(document, TODAY).stream().map(ReferralSchema.Violation::path).toList();
    }

    @Test
    void acceptsACompleteReferral() {
        assertEquals(List.of(), ReferralSchema.check(valid(), TODAY));
    }

    @Test
    void acceptsTheSmallestReferral() {
        ObjectNode document = valid();
        document.remove(List.of("offenders", "objects"));
        ((ObjectNode) document.get("event")).remove(List.of("hateStrands", "when", "harm"));
        document.set("location", JSON.createObjectNode().put("precision", "force"));
        assertEquals(List.of(), ReferralSchema.check(document, TODAY));
    }

    @Test
    void refusesAnyMemberTheSchemaDoesNotName() {
        for (String[] place : new String[][] {{"", "receipt"}, {"/event", "nationality"}, {"/location", "houseNumber"},
                {"/offenders", "name"}, {"/from", "reportId"}}) {
            ObjectNode document = valid();
            ObjectNode target = place[0].isEmpty() ? document : (ObjectNode) document.at(place[0]);
            target.put(place[1], "x");
            assertTrue(!ReferralSchema.check(document, TODAY).isEmpty(), "accepted " + place[0] + "/" + place[1]);
        }
    }

    @Test
    void refusesAFullPostcodeAndAFineGrid() {
        ObjectNode document = valid();
        ((ObjectNode) document.get("location")).put("postcodeDistrict", "E1 6AN");
        assertEquals(List.of("/location/postcodeDistrict"), paths(document));
        document = valid();
        ((ObjectNode) document.at("/location/grid")).put("lat", "51.5194");
        assertEquals(List.of("/location/grid/lat"), paths(document));
    }

    @Test
    void refusesExactPrecisionAndUnknownCodes() {
        ObjectNode document = valid();
        ((ObjectNode) document.get("location")).put("precision", "exact");
        document.put("force", "dont-know");
        ((ArrayNode) document.at("/event/hateStrands")).add("nationality");
        assertEquals(List.of("/event/hateStrands/2", "/force", "/location/precision"), paths(document));
    }

    @Test
    void allowsARelationOnlyWhereTheCrimeIsTheRelationship() {
        ObjectNode document = valid();
        ((ObjectNode) document.get("offenders")).put("relation", "employer");
        assertTrue(!ReferralSchema.check(document, TODAY).isEmpty(), "relation accepted for a hate incident");
        ((ObjectNode) document.get("event")).put("category", "labour-exploitation");
        assertEquals(List.of(), ReferralSchema.check(document, TODAY));
    }

    @Test
    void refusesAnEmptyAccountAndATooLongOne() {
        ObjectNode document = valid();
        ((ObjectNode) document.get("event")).put("account", "");
        assertEquals(List.of("/event/account"), paths(document));
        ((ObjectNode) document.get("event")).put("account", "a".repeat(4001));
        assertEquals(List.of("/event/account"), paths(document));
        ((ObjectNode) document.get("event")).remove("account");
        assertTrue(!ReferralSchema.check(document, TODAY).isEmpty());
    }

    @Test
    void refusesDatesInTheFutureOutOfOrderOrNotOnTheCalendar() {
        ObjectNode when = (ObjectNode) valid().at("/event/when");
        ObjectNode document = valid();
        ((ObjectNode) document.at("/event/when")).put("from", TODAY.plusDays(1).toString());
        assertEquals(List.of("/event/when/from"), paths(document));
        document = valid();
        ((ObjectNode) document.at("/event/when")).put("kind", "range").put("from", TODAY.minusDays(4).toString()).put("until", TODAY.minusDays(5).toString());
        assertEquals(List.of("/event/when/until"), paths(document));
        document = valid();
        ((ObjectNode) document.at("/event/when")).put("from", "2026-02-30");
        assertEquals(List.of("/event/when/from"), paths(document));
        document = valid();
        ((ObjectNode) document.at("/event/when")).put("until", TODAY.minusDays(3).toString());
        assertTrue(!ReferralSchema.check(document, TODAY).isEmpty(), "until accepted without a range: " + when);
    }

    @Test
    void refusesSomethingThatIsNotAnObject() {
        assertEquals(List.of(""), ReferralSchema.check(JSON.createArrayNode(), TODAY).stream()
                .map(ReferralSchema.Violation::path).toList());
    }
}
