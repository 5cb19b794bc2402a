package org.haven.casework.account;

import jakarta.ws.rs.core.NewCookie;

/**
 * The staff session cookie: HttpOnly, SameSite=Strict, path /, no expiry (gone when the browser closes);
 * in prod Secure with the {@code __Host-} prefix, so no other host or path can set or read it.
 */
public record StaffCookie(boolean secure) {

    public String name() {
        return secure ? "__Host-haven-staff" : "haven-staff";
    }

    public NewCookie issue(String value) {
        return new NewCookie.Builder(name()).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    public NewCookie clear() {
        return new NewCookie.Builder(name()).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
