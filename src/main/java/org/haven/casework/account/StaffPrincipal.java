package org.haven.casework.account;

import java.util.UUID;

/** Who is signed in on this request, after password, second factor, idle and epoch checks. */
public record StaffPrincipal(UUID accountId, String username, String role, String csrfToken, byte[] sessionHash) {

    public static final String ADMIN = "admin";
    public static final String CASEWORKER = "caseworker";

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
