package org.haven.intake.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.Test;

/**
 * The no-JavaScript path's photo cleaning: what a phone leaves in a photo is gone after {@link PhotoCleaner},
 * the picture is upright, and hostile files are refused without harm.
 */
class PhotoCleanerTest {

    private static final int W = 64;
    private static final int H = 48;

    @Test
    void aJpegLosesGpsDeviceAndXmpAndIsTurnedUprightForEveryOrientation() throws Exception {
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] phone = SamplePhotos.jpegWithGps(W, H, orientation);
            assertTrue(contains(phone, SamplePhotos.CANARY), "the sample carries its canary");

            PhotoCleaner.Cleaned cleaned = PhotoCleaner.clean(phone);

            String o = "orientation " + orientation + ": ";
            assertEquals("image/jpeg", cleaned.type());
            List<Integer> markers = SamplePhotos.jpegMarkers(cleaned.bytes());
            assertTrue(markers.stream().noneMatch(m -> m == 0xE1 || m >= 0xE3 && m <= 0xEF || m == 0xFE),
                    o + "APP1, APP3..APP15 or COM left: " + markers.stream().map(Integer::toHexString).toList());
            for (String trace : new String[] {SamplePhotos.CANARY, "Exif\0", "http://ns.adobe.com", "Phones"}) {
                assertFalse(contains(cleaned.bytes(), trace), o + "'" + trace + "' survived");
            }
            boolean sideways = orientation >= 5;
            BufferedImage out = SamplePhotos.decode(cleaned.bytes());
            assertEquals(sideways ? H : W, out.getWidth(), o + "width");
            assertEquals(sideways ? W : H, out.getHeight(), o + "height");
            assertEquals(out.getWidth(), cleaned.width());
            assertEquals(out.getHeight(), cleaned.height());
            assertUpright(out, orientation, o);
        }
    }

    @Test
    void aLittleEndianExifOrientationIsReadToo() throws Exception {
        byte[] phone = withApp1(SamplePhotos.jpegWithGps(W, H, 1), littleEndianOrientation(8));
        assertEquals(8, ExifOrientation.of(phone));
        BufferedImage out = SamplePhotos.decode(PhotoCleaner.clean(phone).bytes());
        assertEquals(H, out.getWidth());
        assertUpright(out, 8, "little-endian orientation 8: ");
    }

    @Test
    void aPngLosesItsTextAndExifChunksAndKeepsItsExactPixels() throws Exception {
        byte[] phone = SamplePhotos.pngWithText(W, H);
        assertTrue(SamplePhotos.pngChunks(phone).containsAll(List.of("tEXt", "iTXt", "eXIf")));

        PhotoCleaner.Cleaned cleaned = PhotoCleaner.clean(phone);

        assertEquals("image/png", cleaned.type());
        List<String> chunks = SamplePhotos.pngChunks(cleaned.bytes());
        assertTrue(Set.of("IHDR", "PLTE", "tRNS", "IDAT", "IEND").containsAll(chunks), "chunks left: " + chunks);
        assertFalse(contains(cleaned.bytes(), SamplePhotos.CANARY));
        BufferedImage expected = SamplePhotos.quadrants(W, H);
        BufferedImage out = SamplePhotos.decode(cleaned.bytes());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(expected.getRGB(x, y) & 0xFFFFFF, out.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aPictureClaimingTooManyPixelsIsRefusedBeforeItIsDecoded() {
        // 100,000 × 100,000 pixels would need 40 GB decoded; the header alone says so.
        byte[] png = pngClaiming(100_000, 100_000);
        assertEquals(PhotoCleaner.Refusal.TOO_LARGE,
                assertThrows(PhotoCleaner.NotCleaned.class, () -> PhotoCleaner.clean(png)).refusal());
        byte[] jpeg = jpegClaiming(SamplePhotos.jpegWithGps(W, H, 1), 60_000, 60_000);
        assertEquals(PhotoCleaner.Refusal.TOO_LARGE,
                assertThrows(PhotoCleaner.NotCleaned.class, () -> PhotoCleaner.clean(jpeg)).refusal());
        // Just under the limit is still a photo (a 48-megapixel phone camera).
        assertTrue(8000L * 6000 <= PhotoCleaner.MAX_PIXELS);
    }

    @Test
    void whatIsNotAJpegOrPngIsNotCleanedWhateverItsNameSays() {
        byte[][] others = {"%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1),
            "GIF89a\1\0\1\0".getBytes(StandardCharsets.ISO_8859_1), new byte[0],
            "....ftypheic".getBytes(StandardCharsets.US_ASCII)};
        for (byte[] other : others) {
            assertEquals(PhotoCleaner.Refusal.NOT_A_PHOTO,
                    assertThrows(PhotoCleaner.NotCleaned.class, () -> PhotoCleaner.clean(other)).refusal());
        }
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        assertEquals(PhotoCleaner.Refusal.UNREADABLE,
                assertThrows(PhotoCleaner.NotCleaned.class, () -> PhotoCleaner.clean(garbage)).refusal());
    }

    @Test
    void damagedHeadersNeverEscapeAsAnythingButARefusal() {
        byte[] jpeg = SamplePhotos.jpegWithGps(W, H, 6);
        byte[] png = SamplePhotos.pngWithText(W, H);
        Random random = new Random(20261125);
        List<String> escaped = new ArrayList<>();
        for (int round = 0; round < 2000; round++) {
            byte[] sample = (round % 2 == 0 ? jpeg : png).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                sample[random.nextInt(Math.min(sample.length, 400))] = (byte) random.nextInt(256);
            }
            try {
                int orientation = ExifOrientation.of(sample);
                if (orientation < 1 || orientation > 8) {
                    escaped.add("orientation " + orientation);
                }
                PhotoCleaner.clean(sample);
            } catch (PhotoCleaner.NotCleaned refused) {
                // expected for many of them
            } catch (RuntimeException e) {
                escaped.add(e.toString());
            }
        }
        assertEquals(List.of(), escaped.stream().distinct().limit(5).toList());
    }

    @Test
    void cleaningWritesNothingToTheTemporaryDirectory() throws Exception {
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        List<String> created = new ArrayList<>();
        // Made before watching: the samples are written with ImageIO.write, which does cache on disk.
        byte[] jpeg = SamplePhotos.jpegWithGps(1600, 1200, 6);
        byte[] png = SamplePhotos.pngWithText(1600, 1200);
        try (java.nio.file.WatchService watch = tmp.getFileSystem().newWatchService()) {
            tmp.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            PhotoCleaner.clean(jpeg);
            PhotoCleaner.clean(png);
            java.nio.file.WatchKey key;
            while ((key = watch.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                key.pollEvents().forEach(e -> created.add(String.valueOf(e.context())));
                key.reset();
            }
        }
        // Other processes share /tmp; ImageIO's caches are named imageio*.tmp.
        assertEquals(List.of(), created.stream().filter(name -> name.startsWith("imageio")).toList());
    }

    /** Each output quadrant shows the stored quadrant the orientation brings there (EXIF 2.32, tag 0x0112). */
    private static void assertUpright(BufferedImage out, int orientation, String o) {
        BufferedImage stored = SamplePhotos.quadrants(W, H);
        int ow = out.getWidth();
        int oh = out.getHeight();
        for (int[] at : new int[][] {{ow / 4, oh / 4}, {3 * ow / 4, oh / 4}, {ow / 4, 3 * oh / 4}, {3 * ow / 4, 3 * oh / 4}}) {
            int x = at[0];
            int y = at[1];
            int[] source = switch (orientation) {
                case 2 -> new int[] {W - 1 - x, y};
                case 3 -> new int[] {W - 1 - x, H - 1 - y};
                case 4 -> new int[] {x, H - 1 - y};
                case 5 -> new int[] {y, x};
                case 6 -> new int[] {y, H - 1 - x};
                case 7 -> new int[] {W - 1 - y, H - 1 - x};
                case 8 -> new int[] {W - 1 - y, x};
                default -> new int[] {x, y};
            };
            Color want = new Color(stored.getRGB(source[0], source[1]));
            Color got = new Color(out.getRGB(x, y));
            int off = Math.abs(want.getRed() - got.getRed()) + Math.abs(want.getGreen() - got.getGreen())
                    + Math.abs(want.getBlue() - got.getBlue());
            assertTrue(off < 30, o + "at " + x + "," + y + " want " + want + " got " + got);
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** A TIFF as EXIF holds it, little-endian ("II"), with only an orientation in IFD0. */
    private static byte[] littleEndianOrientation(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    /** {@code jpeg} with its EXIF segments replaced by one APP1 holding {@code tiff}. */
    private static byte[] withApp1(byte[] jpeg, byte[] tiff) {
        byte[] plain = stripApp1(jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        byte[] body = ByteBuffer.allocate(6 + tiff.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put(tiff).array();
        out.write(0xFF);
        out.write(0xE1);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xff);
        out.writeBytes(body);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static byte[] stripApp1(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int at = 2;
        while ((jpeg[at + 1] & 0xff) != 0xDA) {
            int length = (jpeg[at + 2] & 0xff) << 8 | jpeg[at + 3] & 0xff;
            if ((jpeg[at + 1] & 0xff) != 0xE1) {
                out.write(jpeg, at, length + 2);
            }
            at += length + 2;
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** A PNG whose header claims {@code width} × {@code height} and whose data is one empty IDAT. */
    private static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        SamplePhotos.writeChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8)
                .put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        SamplePhotos.writeChunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        SamplePhotos.writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code jpeg} with its frame header (SOF0) claiming {@code width} × {@code height}. */
    private static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int at = 2;
        while ((out[at + 1] & 0xff) != 0xC0) {
            at += ((out[at + 2] & 0xff) << 8 | out[at + 3] & 0xff) + 2;
        }
        out[at + 5] = (byte) (height >> 8);
        out[at + 6] = (byte) height;
        out[at + 7] = (byte) (width >> 8);
        out[at + 8] = (byte) width;
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xC0}, new byte[] {out[at], out[at + 1]});
        return out;
    }
}
