package org.haven.casework.account;

import jakarta.enterprise.context.RequestScoped;

/** The signed-in staff member of the current request, set by {@link StaffGate}. */
@RequestScoped
public class CurrentStaff {

    private StaffPrincipal principal;

    void set(StaffPrincipal principal) {
        this.principal = principal;
    }

    /** Never null inside a gated route: the gate refuses the request before a resource runs. */
    public StaffPrincipal get() {
        if (principal == null) {
            throw new IllegalStateException("No signed-in staff member on this request");
        }
        return principal;
    }
}
