package org.haven.referral.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentOpener;
import org.haven.crypto.EnvelopeException;
import org.haven.referral.document.ReferralRequestBody;

/**
 * docs/referral.md section 7.3: the files of a request are exactly those its document lists, in order, by id and
 * SHA-256 of their sealed bytes; each is sealed to this receiver's key and opens; its sealed header says it was
 * cleaned, has the listed type and the neutral name {@code evidence-<k>.jpg|png}; and its bytes begin as that type
 * does. Anything else refuses the whole request.
 */
final class EvidenceCheck {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** A refusal, with the rule broken (never a file's content). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /** An opened file, under the name its header carries. */
    record Opened(String name, byte[] bytes) {
    }

    private EvidenceCheck() {
    }

    static List<Opened> open(JsonNode document, List<ReferralRequestBody.File> files, ForceKey forceKey)
            throws Refused {
        JsonNode evidence = document.path("evidence");
        if (evidence.size() != files.size()) {
            throw new Refused("the document lists " + evidence.size() + " files and the request carries " + files.size());
        }
        List<Opened> opened = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            ReferralRequestBody.File file = files.get(k);
            JsonNode listed = evidence.get(k);
            String type = listed.path("type").asText();
            if (!file.id().toString().equals(listed.path("file").asText())) {
                throw new Refused("file " + (k + 1) + " is not the one the document lists there");
            }
            if (!HexFormat.of().formatHex(ReferralRequestBody.sha256(file.sealed())).equals(listed.path("sha256").asText())) {
                throw new Refused("file " + (k + 1) + " does not have the SHA-256 the document lists");
            }
            if (!forceKey.kid().equals(file.kid())) {
                throw new Refused("file " + (k + 1) + " is sealed to " + file.kid() + ", not to " + forceKey.kid());
            }
            String name = "evidence-" + (k + 1) + ("image/png".equals(type) ? ".png" : ".jpg");
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.sealed().length);
            AttachmentHeader header;
            try {
                header = new AttachmentOpener(forceKey.privateKey(), file.kid(), file.enc(), file.id(), file.chunks())
                        .open(file::chunk, out);
            } catch (EnvelopeException | IOException e) {
                throw new Refused("file " + (k + 1) + " does not open with this receiver's key");
            }
            if (!header.cleaned() || !type.equals(header.type()) || !name.equals(header.name())) {
                throw new Refused("file " + (k + 1) + "'s sealed header is not a cleaned " + type + " named " + name);
            }
            byte[] bytes = out.toByteArray();
            byte[] magic = "image/png".equals(type) ? PNG : JPEG;
            if (bytes.length < magic.length || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
                throw new Refused("file " + (k + 1) + "'s bytes do not begin as " + type + " does");
            }
            opened.add(new Opened(name, bytes));
        }
        return opened;
    }
}
