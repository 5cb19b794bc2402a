package org.haven.casework.stats;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.casework.account.StaffGate;
import org.junit.jupiter.api.Test;

/** The statistics export is audited: only for a signed-in staff member, only with the CSRF header. */
@QuarkusTest
class ExportAuditApiTest {

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void recordsAnExportEntryForTheSignedInStaffMember() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        given().cookie(StaffClient.COOKIE, session.cookie()).header(StaffGate.CSRF_HEADER, session.csrf())
                .header("Sec-Fetch-Site", "same-origin")
                .post("/casework/api/audit/export").then().statusCode(204);
        assertEquals(1, exportsBy(staff.username()));
    }

    @Test
    void refusesAnExportRecordWithoutTheCsrfHeaderOrASession() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        given().cookie(StaffClient.COOKIE, session.cookie()).header("Sec-Fetch-Site", "same-origin")
                .post("/casework/api/audit/export").then().statusCode(403);
        given().header("Sec-Fetch-Site", "same-origin").post("/casework/api/audit/export").then().statusCode(401);
        assertEquals(0, exportsBy(staff.username()));
    }

    private long exportsBy(String username) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from audit_entry where actor = ? and action = 'EXPORT' and report_id is null")) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
