package org.haven.intake.attachment;

/**
 * Reads the one EXIF value a cleaned photo keeps the effect of: the orientation (tag 0x0112 in IFD0 of the
 * first APP1 "Exif" segment), 1 to 8. Everything about the file is untrusted: every offset is bounds-checked,
 * and anything missing, malformed or out of range gives 1 (as stored), never an exception.
 */
final class ExifOrientation {

    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int ORIENTATION = 0x0112;
    private static final int SHORT = 3;

    private ExifOrientation() {
    }

    static int of(byte[] jpeg) {
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length && u8(jpeg, at) == 0xFF) {
            int marker = u8(jpeg, at + 1);
            if (marker == 0xFF) { // fill byte
                at++;
                continue;
            }
            if (marker == SOS || marker == 0xD9) {
                return 1;
            }
            int length = u16(jpeg, at + 2, false);
            int body = at + 4;
            int end = at + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return 1;
            }
            if (marker == APP1 && end - body >= 6 && startsWith(jpeg, body, "Exif\0\0")) {
                return fromTiff(jpeg, body + 6, end);
            }
            at = end;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return 1;
        }
        int entries = tiff + (int) ifd;
        int count = u16(b, entries, little);
        for (int i = 0; i < count; i++) {
            int entry = entries + 2 + i * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(b, entry, little) == ORIENTATION) {
                if (u16(b, entry + 2, little) != SHORT || u32(b, entry + 4, little) != 1) {
                    return 1;
                }
                int value = u16(b, entry + 8, little); // a single SHORT sits in the first two bytes of the field
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? u8(b, at) | u8(b, at + 1) << 8 : u8(b, at) << 8 | u8(b, at + 1);
    }

    private static long u32(byte[] b, int at, boolean little) {
        return little ? (u16(b, at, true) | (long) u16(b, at + 2, true) << 16)
                : ((long) u16(b, at, false) << 16 | u16(b, at + 2, false));
    }
}
