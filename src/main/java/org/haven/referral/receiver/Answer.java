package org.haven.referral.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the receiver answers: a status and a small JSON body. */
record Answer(int status, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 201 with the force's reference, the one answer Haven reads (docs/referral.md section 5). */
    static Answer created(String reference) {
        return new Answer(201, JSON.createObjectNode().put("reference", reference).toString());
    }

    /** An error with a short reason that names the rule broken and never repeats the document. */
    static Answer error(int status, String reason) {
        return new Answer(status, JSON.createObjectNode().put("error", reason).toString());
    }

    /** 422: where the document breaks the schema, as JSON Pointers only, so no value is echoed back. */
    static Answer violations(List<String> pointers) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("violations");
        pointers.forEach(list::add);
        return new Answer(422, body.toString());
    }
}
