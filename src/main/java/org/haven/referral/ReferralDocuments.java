package org.haven.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.haven.referral.document.ReferralSchema;

/**
 * Turns a caseworker's draft into the document Haven sends, and a document into the exact bytes that are
 * hashed, sealed and signed. Haven, not the caseworker, fills in {@code schema}, {@code reference},
 * {@code created} and {@code from}.
 */
public final class ReferralDocuments {

    /** Crockford's base32: no I, L, O or U, so a reference read aloud over the phone is not misheard. */
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The members a caseworker writes; everything else in a draft is refused by the schema check. */
    public static final List<String> DRAFT_MEMBERS = List.of("force", "event", "location", "offenders", "objects");

    private ReferralDocuments() {
    }

    /** A fresh random reference, {@code HVN-XXXX-XXXX} (40 bits). */
    public static String newReference() {
        StringBuilder out = new StringBuilder("HVN-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                out.append('-');
            }
            out.append(CROCKFORD.charAt(RANDOM.nextInt(CROCKFORD.length())));
        }
        return out.toString();
    }

    /**
     * The document for {@code draft}: Haven's own members, then the caseworker's. Anything else in the draft
     * is left out here and reported by {@link #membersNotForCaseworkers(JsonNode)}, so it is refused, not
     * silently dropped.
     */
    public static ObjectNode complete(JsonNode draft, String reference, LocalDate created, String organisation,
            String contactForPolice) {
        ObjectNode document = JSON.createObjectNode();
        document.put("schema", ReferralSchema.VERSION);
        document.put("reference", reference);
        document.put("created", created.toString());
        document.set("from", JSON.createObjectNode().put("organisation", organisation).put("contactForPolice", contactForPolice));
        if (draft != null && draft.isObject()) {
            for (String name : DRAFT_MEMBERS) {
                if (draft.has(name)) {
                    document.set(name, draft.get(name));
                }
            }
        }
        return document;
    }

    /**
     * Lists the files that travel with the referral as {@code evidence} (docs/referral.md section 7), in the order
     * of the request's file parts; the member is absent when there are none, so a referral without files is the
     * same document as before files existed.
     */
    public static void addEvidence(ObjectNode document, List<ReferralFiles.Evidence> files) {
        if (files.isEmpty()) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode list = document.putArray("evidence");
        files.forEach(file -> list.addObject().put("file", file.id().toString()).put("type", file.type())
                .put("sha256", file.sha256()));
    }

    /** The SHA-256 (hex) of each file a document lists in {@code evidence}, in order; empty without files. */
    public static List<String> evidenceHashes(JsonNode document) {
        List<String> hashes = new ArrayList<>();
        document.path("evidence").forEach(file -> hashes.add(file.path("sha256").asText()));
        return hashes;
    }

    /** Members of a draft that a caseworker may not write (Haven's own, or unknown), as schema violations. */
    public static List<ReferralSchema.Violation> membersNotForCaseworkers(JsonNode draft) {
        List<ReferralSchema.Violation> violations = new ArrayList<>();
        if (draft == null || !draft.isObject()) {
            violations.add(new ReferralSchema.Violation("", "A referral draft must be a JSON object."));
            return violations;
        }
        draft.fieldNames().forEachRemaining(name -> {
            if (!DRAFT_MEMBERS.contains(name)) {
                violations.add(new ReferralSchema.Violation("/" + escape(name), "This member is not allowed in a referral."));
            }
        });
        return violations;
    }

    /**
     * The canonical bytes of a document: UTF-8 JSON with every object's members sorted by name and no
     * whitespace. Two equal documents give equal bytes however their members were ordered, so a second
     * caseworker's approval can be matched to the proposal by hash.
     */
    public static byte[] canonicalBytes(JsonNode document) {
        try {
            return JSON.writeValueAsBytes(sorted(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, Object> members = new TreeMap<>();
            node.fields().forEachRemaining(e -> members.put(e.getKey(), sorted(e.getValue())));
            return members;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            return items;
        }
        return node;
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every text value with its JSON Pointer, for the personal-data screen. */
    public static Map<String, String> texts(JsonNode document) {
        Map<String, String> texts = new TreeMap<>();
        collect(document, "", texts);
        return texts;
    }

    private static void collect(JsonNode node, String path, Map<String, String> texts) {
        if (node.isTextual()) {
            texts.put(path, node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), path + "/" + escape(e.getKey()), texts));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, texts);
            }
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
