package org.haven.casework;

import org.haven.casework.account.StaffPrincipal;
import org.haven.web.Msgs;

/** What every staff page needs: messages, the organisation's name, and who is signed in (null on sign-in pages). */
public record StaffPage(Msgs m, String organisation, StaffPrincipal staff) {

    public String t(String key) {
        return m.t(key);
    }

    public String t(String key, Object arg0) {
        return m.t(key, arg0);
    }

    public boolean signedIn() {
        return staff != null;
    }

    /** The CSRF token that staff.js sends in the X-CSRF-Token header; empty before sign-in. */
    public String csrf() {
        return staff == null ? "" : staff.csrfToken();
    }
}
