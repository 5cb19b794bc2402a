package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What Haven publishes, unauthenticated, for a force building its endpoint (docs/referral.md). */
@QuarkusTest
class ReferralPublicationTest {

    @Test
    void servesTheEndpointsOpenApiNextToTheSchemaItReferences() {
        given().when().get("/referral/v1/openapi.yaml").then().statusCode(200)
                .body(containsString("openapi: 3.1.0"))
                .body(containsString("$ref: \"./schema.json\""))
                .body(containsString("haven/v1/referral/v1"));
        given().when().get("/referral/v1/schema.json").then().statusCode(200)
                .body(containsString("haven.referral/1"));
    }
}
