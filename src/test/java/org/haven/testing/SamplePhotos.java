package org.haven.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Photos as a phone would leave them, made here so tests need no binary fixtures: a JPEG whose EXIF holds GPS
 * coordinates, make, model and an orientation, plus an XMP packet; a PNG with text chunks and an eXIf chunk.
 * Every piece of metadata carries {@link #CANARY}, so a test can prove none of it survived. The pixels are four
 * coloured quadrants, so a test can tell whether the orientation was applied.
 */
public final class SamplePhotos {

    /** In every metadata string these files carry; never in their pixels. */
    public static final String CANARY = "HavenCanary";
    /** The quadrants, top-left, top-right, bottom-left, bottom-right, as stored (before any orientation). */
    public static final Color[] QUADRANTS = {new Color(220, 30, 30), new Color(30, 180, 40), new Color(30, 60, 220),
        new Color(240, 220, 40)};

    /**
     * Page script that makes a 4000 x 3000 photo-like JPEG (gradients, shapes, sensor-like noise; 3 to 5 MB as a
     * phone writes) as {@code window.photo}, a File named IMG_0001.jpg, for the cleaning figures.
     */
    public static final String TWELVE_MEGAPIXELS_IN_BROWSER = """
            // A 4000 x 3000 photo-like JPEG: gradients, shapes and noise.
            const canvas = new OffscreenCanvas(4000, 3000);
            const g = canvas.getContext('2d');
            const gradient = g.createLinearGradient(0, 0, 4000, 3000);
            gradient.addColorStop(0, '#335');
            gradient.addColorStop(1, '#fc8');
            g.fillStyle = gradient;
            g.fillRect(0, 0, 4000, 3000);
            for (let k = 0; k < 20000; k++) {
              g.fillStyle = `hsl(${k % 360} 60% 50% / 0.5)`;
              g.fillRect((k * 7919) % 4000, (k * 104729) % 3000, 3 + k % 40, 3 + k % 30);
            }
            // Sensor-like noise, so the file is the 3 to 5 MB a phone writes, not a cartoon's 1 MB.
            const pixels = g.getImageData(0, 0, 4000, 3000);
            let seed = 1;
            for (let k = 0; k < pixels.data.length; k++) {
              seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
              pixels.data[k] += (seed >>> 27) - 16;
            }
            g.putImageData(pixels, 0, 0);
            const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
            window.photo = new File([blob], 'IMG_0001.jpg', { type: 'image/jpeg' });
            """;

    private SamplePhotos() {
    }

    /** The pixels every sample holds: four solid quadrants. */
    public static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int q = 0; q < 4; q++) {
            g.setColor(QUADRANTS[q]);
            g.fillRect(q % 2 == 0 ? 0 : width / 2, q < 2 ? 0 : height / 2, width - width / 2, height - height / 2);
        }
        g.dispose();
        return image;
    }

    /**
     * A JPEG of {@link #quadrants} as a phone writes it: SOI, APP1 EXIF (make, model, orientation, GPS), APP1 XMP
     * (with a GPS position), then the image.
     */
    public static byte[] jpegWithGps(int width, int height, int orientation) {
        byte[] plain = encode(quadrants(width, height), "jpg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        writeSegment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), exif(orientation)));
        writeSegment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII), xmp()));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** A PNG of {@link #quadrants} with tEXt, iTXt and eXIf chunks (GPS, make, model) right after IHDR. */
    public static byte[] pngWithText(int width, int height) {
        byte[] plain = encode(quadrants(width, height), "png");
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, afterIhdr);
        writeChunk(out, "tEXt", ("Comment\0" + CANARY + " taken at home, 51.5074 N 0.1278 W")
                .getBytes(StandardCharsets.ISO_8859_1));
        writeChunk(out, "iTXt", concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), xmp()));
        writeChunk(out, "eXIf", exif(1));
        out.write(plain, afterIhdr, plain.length - afterIhdr);
        return out.toByteArray();
    }

    /** The markers of a JPEG up to its first SOS, in order (0xE1 for APP1 and so on). */
    public static List<Integer> jpegMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        if ((jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        int at = 2;
        while (at + 4 <= jpeg.length) {
            int marker = jpeg[at + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
        }
        return markers;
    }

    /** The chunk types of a PNG, in order. */
    public static List<String> pngChunks(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        while (in.remaining() >= 12) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            in.position(in.position() + length + 4);
        }
        return types;
    }

    /** The pixels as RGBA bytes, row by row, as a canvas's getImageData gives them (alpha 255). */
    public static byte[] rgba(BufferedImage image) {
        byte[] out = new byte[image.getWidth() * image.getHeight() * 4];
        for (int y = 0, at = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++, at += 4) {
                int rgb = image.getRGB(x, y);
                out[at] = (byte) (rgb >> 16);
                out[at + 1] = (byte) (rgb >> 8);
                out[at + 2] = (byte) rgb;
                out[at + 3] = (byte) 0xff;
            }
        }
        return out;
    }

    /** The mean absolute difference per colour channel between an image and RGBA bytes of the same size. */
    public static double meanDifference(BufferedImage expected, byte[] rgba) {
        if (expected.getWidth() * expected.getHeight() * 4 != rgba.length) {
            throw new AssertionError("pixel count: " + expected.getWidth() + " x " + expected.getHeight()
                    + " against " + rgba.length / 4);
        }
        long sum = 0;
        for (int y = 0, at = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++, at += 4) {
                int rgb = expected.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(((rgb >> (16 - 8 * c)) & 0xff) - (rgba[at + c] & 0xff));
                }
            }
        }
        return sum / (3.0 * expected.getWidth() * expected.getHeight());
    }

    /** A JPEG of {@link #quadrants} with no metadata at all, as a cleaned photo arrives. */
    public static byte[] plainJpeg(int width, int height) {
        return encode(quadrants(width, height), "jpg");
    }

    public static BufferedImage decode(byte[] image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A big-endian TIFF structure as EXIF holds it: IFD0 with Make, Model, Orientation and a pointer to a GPS IFD
     * with version, latitude and longitude (51°30'26.6" N, 0°7'40.1" W).
     */
    static byte[] exif(int orientation) {
        byte[] make = (CANARY + " Phones\0").getBytes(StandardCharsets.US_ASCII);
        byte[] model = (CANARY + " Model 9 Pro\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0 = 8;
        int makeAt = ifd0 + 2 + 4 * 12 + 4;
        int modelAt = makeAt + make.length;
        int gpsAt = modelAt + model.length;
        int latAt = gpsAt + 2 + 5 * 12 + 4;
        int lonAt = latAt + 24;
        ByteBuffer tiff = ByteBuffer.allocate(lonAt + 24);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 4);
        entry(tiff, 0x010F, 2, make.length, makeAt);
        entry(tiff, 0x0110, 2, model.length, modelAt);
        entry(tiff, 0x0112, 3, 1, orientation << 16); // a SHORT sits in the first two bytes of the value field
        entry(tiff, 0x8825, 4, 1, gpsAt);
        tiff.putInt(0).put(make).put(model);
        tiff.putShort((short) 5);
        entry(tiff, 0x0000, 1, 4, 0x02030000);
        entry(tiff, 0x0001, 2, 2, 'N' << 24);
        entry(tiff, 0x0002, 5, 3, latAt);
        entry(tiff, 0x0003, 2, 2, 'W' << 24);
        entry(tiff, 0x0004, 5, 3, lonAt);
        tiff.putInt(0);
        for (int[] rational : new int[][] {{51, 1}, {30, 1}, {266, 10}, {0, 1}, {7, 1}, {401, 10}}) {
            tiff.putInt(rational[0]).putInt(rational[1]);
        }
        return tiff.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    private static byte[] xmp() {
        return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"51,30.443N\" "
                + "exif:GPSLongitude=\"0,7.668W\" xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" tiff:Model=\"" + CANARY
                + " XMP\"/></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] body) {
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xff);
        out.writeBytes(body);
    }

    /** Writes one PNG chunk: length, type, data and its CRC. */
    public static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
