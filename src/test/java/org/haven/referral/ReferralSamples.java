package org.haven.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Referral documents for tests outside {@code org.haven.referral.document}; dates are relative to today. */
public final class ReferralSamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferralSamples() {
    }

    /** A complete, valid version 1 referral (the one of {@code ReferralSchemaTest}, with today's dates). */
    public static ObjectNode validDocument() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            return (ObjectNode) JSON.readTree("""
                    {"schema":"haven.referral/1","reference":"HVN-7K3Q-9XPT","created":"%s",
                     "from":{"organisation":"Haven demo advocacy service","contactForPolice":"the referrals desk"},
                     "force":"metropolitan",
                     "event":{"category":"hate-incident","hateStrands":["race","religion"],
                              "when":{"kind":"exact","from":"%s","timeOfDay":"evening"},
                              "harm":["injured"],
                              "account":"Two men shouted abuse at the victim at a bus stop and one pushed her over."},
                     "location":{"precision":"street","kind":"street","description":"Whitechapel Road",
                                 "postcodeDistrict":"E1","grid":{"lat":"51.52","lon":"-0.07"}},
                     "offenders":{"count":"two","known":"stranger","age":"18-25","description":"One wore a red jacket."},
                     "objects":{"vehicles":"A white van."}}
                    """.formatted(today, today.minusDays(4)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compact UTF-8 JSON Haven seals. */
    public static byte[] bytes(JsonNode document) {
        return document.toString().getBytes(StandardCharsets.UTF_8);
    }
}
