package org.haven.casework.cases;

import java.util.UUID;
import org.haven.web.Problem;

/** Ids in case and referral paths: anything that is not a UUID matches nothing (404), never a 400 or 500. */
final class PathIds {

    private PathIds() {
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound();
        }
    }
}
