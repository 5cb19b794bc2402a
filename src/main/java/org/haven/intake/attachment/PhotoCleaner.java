package org.haven.intake.attachment;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Cleans a photo sent without JavaScript, in memory, before it is sealed: the pixels are decoded with the JDK's
 * ImageIO, turned upright by the EXIF orientation, and encoded afresh, so EXIF (GPS, make, model, maker notes),
 * XMP, comments and PNG text chunks are gone because nothing of the original file but its pixels is written.
 * JPEG stays JPEG and PNG stays PNG; anything else (or a JPEG ImageIO cannot decode, such as CMYK) is not
 * cleaned, and the page says so. The browser path does the same with a canvas (clean-image.js).
 *
 * <p>Nothing touches the disk: ImageIO's own stream factories would cache the photo in a temporary file, so
 * the streams here are memory-cached by name. The size is read from the header before any pixel is decoded, and pictures above {@link #MAX_PIXELS} are
 * refused, so a small file that claims enormous dimensions cannot exhaust the heap.
 */
public final class PhotoCleaner {

    /** 50 megapixels: above any phone camera's default (12–48 MP), below what would strain a replica's heap. */
    public static final long MAX_PIXELS = 50_000_000L;
    private static final float JPEG_QUALITY = 0.92f;

    /** A cleaned photo: its bytes, media type and upright size. */
    public record Cleaned(byte[] bytes, String type, int width, int height) {
    }

    /** Why a file was not cleaned: not a JPEG or PNG, one that does not decode, or too many pixels. */
    public enum Refusal { NOT_A_PHOTO, UNREADABLE, TOO_LARGE }

    /** Thrown for a file that cannot be cleaned; the reporter decides whether to send it as it is. */
    public static final class NotCleaned extends Exception {
        private final Refusal refusal;

        NotCleaned(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private PhotoCleaner() {
    }

    public static Cleaned clean(byte[] file) throws NotCleaned {
        String format = format(file).orElseThrow(() -> new NotCleaned(Refusal.NOT_A_PHOTO));
        BufferedImage decoded = decode(file, format);
        int orientation = "jpeg".equals(format) ? ExifOrientation.of(file) : 1;
        BufferedImage upright = upright(decoded, orientation, "png".equals(format) && decoded.getColorModel().hasAlpha());
        byte[] bytes = "jpeg".equals(format) ? jpeg(upright) : png(upright);
        return new Cleaned(bytes, "jpeg".equals(format) ? "image/jpeg" : "image/png", upright.getWidth(),
                upright.getHeight());
    }

    /** The format by the file's first bytes; what the browser or the file name claims is not trusted. */
    static Optional<String> format(byte[] file) {
        if (file.length >= 3 && (file[0] & 0xff) == 0xFF && (file[1] & 0xff) == 0xD8 && (file[2] & 0xff) == 0xFF) {
            return Optional.of("jpeg");
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        if (file.length >= png.length && java.util.Arrays.equals(file, 0, png.length, png, 0, png.length)) {
            return Optional.of("png");
        }
        return Optional.empty();
    }

    private static BufferedImage decode(byte[] file, String format) throws NotCleaned {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new NotCleaned(Refusal.UNREADABLE);
        }
        ImageReader reader = readers.next();
        // A memory-cached stream by name: ImageIO.createImageInputStream would cache the photo in a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(file))) {
            reader.setInput(in, true, true); // metadata ignored: only the pixels are wanted
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new NotCleaned(Refusal.TOO_LARGE);
            }
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            // ImageIO signals corrupt or unsupported data with IIOException and, for some malformed files, with
            // runtime exceptions from deep inside its decoders; either way the file is not cleaned.
            throw new NotCleaned(Refusal.UNREADABLE);
        } finally {
            reader.dispose();
        }
    }

    /** The picture as a person would see it: EXIF orientations 2–8 mirrored and turned; 1 or unknown as stored. */
    static BufferedImage upright(BufferedImage stored, int orientation, boolean alpha) {
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean sideways = orientation >= 5 && orientation <= 8;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> t.setTransform(-1, 0, 0, 1, w, 0);   // mirrored left to right
            case 3 -> t.setTransform(-1, 0, 0, -1, w, h);  // turned half way
            case 4 -> t.setTransform(1, 0, 0, -1, 0, h);   // mirrored top to bottom
            case 5 -> t.setTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> t.setTransform(0, 1, -1, 0, h, 0);   // turned a quarter clockwise
            case 7 -> t.setTransform(0, -1, -1, 0, h, w);  // transverse
            case 8 -> t.setTransform(0, -1, 1, 0, 0, w);   // turned a quarter anticlockwise
            default -> { }
        }
        BufferedImage out = new BufferedImage(sideways ? h : w, sideways ? w : h,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (!alpha) {
                g.setColor(java.awt.Color.WHITE); // transparent parts of a palette image, as the browser path does
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
            }
            g.drawImage(stored, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws NotCleaned {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param); // no metadata but the JFIF header
        } catch (IOException e) {
            throw new NotCleaned(Refusal.UNREADABLE);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws NotCleaned {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Not ImageIO.write(image, "png", stream): that caches in a temporary file, plaintext on disk.
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new NotCleaned(Refusal.UNREADABLE);
            }
        } catch (IOException e) {
            throw new NotCleaned(Refusal.UNREADABLE);
        }
        return bytes.toByteArray();
    }
}
