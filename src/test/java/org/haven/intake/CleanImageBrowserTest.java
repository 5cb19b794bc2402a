package org.haven.intake;

import static org.haven.testing.SamplePhotos.CANARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.haven.browser.BrowserModuleTest;
import org.haven.browser.RendererMemory;
import org.haven.crypto.Base64Url;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.Test;

/**
 * /js/clean-image.js in real headless Chromium, on photos made here with GPS, device names and text in their
 * metadata: the cleaned bytes are parsed in Java to prove none of it is left, and their pixels are the source's,
 * turned upright, and what the preview shows.
 */
@QuarkusTest
class CleanImageBrowserTest extends BrowserModuleTest {

    private static final String IMPORTS = """
            const env = await import('/js/envelope.js');
            const clean = await import('/js/clean-image.js');
            // The page's preview: drawn on a <canvas> in the page, read back as RGBA.
            const previewPixels = (preview) => {
              const canvas = document.body.appendChild(document.createElement('canvas'));
              clean.drawPreview(canvas, preview);
              const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              canvas.remove();
              return env.b64urlEncode(new Uint8Array(rgba.buffer));
            };
            const cleanBytes = async ([bytes, name, type]) => {
              const result = await clean.cleanImage(new File([env.b64urlDecode(bytes)], name, { type }));
              if (!result.cleaned) return result;
              return { cleaned: true, name: result.name, type: result.type, blobType: result.blob.type,
                width: result.width, height: result.height,
                bytes: env.b64urlEncode(new Uint8Array(await result.blob.arrayBuffer())),
                preview: previewPixels(result.preview) };
            };
            """;

    @Test
    void jpegLosesGpsDeviceAndXmpAndIsTurnedUpright() {
        byte[] photo = SamplePhotos.jpegWithGps(64, 48, 6);
        assertTrue(SamplePhotos.jpegMarkers(photo).contains(0xE1), "the sample must carry EXIF to begin with");
        assertTrue(latin1(photo).contains(CANARY + " Phones"));

        Map<String, Object> result = js("return cleanBytes(args);", Base64Url.encode(photo), "IMG_2041.JPG",
                "image/jpeg");
        assertEquals(true, result.get("cleaned"));
        assertEquals("IMG_2041.jpg", result.get("name"));
        assertEquals("image/jpeg", result.get("type"));
        assertEquals("image/jpeg", result.get("blobType"));
        byte[] cleaned = Base64Url.decode((String) result.get("bytes"));
        List<Integer> markers = SamplePhotos.jpegMarkers(cleaned);
        // Chromium writes JFIF (APP0) and its own sRGB profile (APP2 ICC_PROFILE); no other APPn, no comment.
        assertTrue(markers.stream().noneMatch(m -> m == 0xE1 || (m >= 0xE3 && m <= 0xEF) || m == 0xFE),
                "APP1, APP3..APP15 or COM left: " + markers.stream().map(Integer::toHexString).toList());
        String text = latin1(cleaned);
        assertEquals(markers.contains(0xE2), text.contains("ICC_PROFILE\0"), "an APP2 other than an ICC profile");
        for (String left : List.of(CANARY, "Exif", "GPS", "ns.adobe.com", "xmpmeta", "51,30")) {
            assertFalse(text.contains(left), left + " survived cleaning");
        }

        // Orientation 6: the stored 64 x 48 picture is shown turned 90 degrees clockwise, 48 x 64.
        BufferedImage decoded = SamplePhotos.decode(cleaned);
        assertEquals(List.of(48L, 64L), List.of(result.get("width"), result.get("height")));
        assertEquals(List.of(48, 64), List.of(decoded.getWidth(), decoded.getHeight()));
        BufferedImage upright = turnedClockwise(SamplePhotos.decode(photo));
        double fromSource = SamplePhotos.meanDifference(upright, SamplePhotos.rgba(decoded));
        assertTrue(fromSource < 6, "cleaned pixels differ from the upright source by " + fromSource);
        double fromPreview = SamplePhotos.meanDifference(decoded, Base64Url.decode((String) result.get("preview")));
        assertTrue(fromPreview < 2, "the preview differs from the cleaned file by " + fromPreview);
    }

    @Test
    void pngLosesTextAndExifChunksAndKeepsItsExactPixels() {
        byte[] screenshot = SamplePhotos.pngWithText(40, 30);
        assertTrue(SamplePhotos.pngChunks(screenshot).containsAll(List.of("tEXt", "iTXt", "eXIf")));

        Map<String, Object> result = js("return cleanBytes(args);", Base64Url.encode(screenshot), "Screenshot.png",
                "image/png");
        assertEquals("image/png", result.get("type"));
        assertEquals("Screenshot.png", result.get("name"));
        byte[] cleaned = Base64Url.decode((String) result.get("bytes"));
        List<String> chunks = SamplePhotos.pngChunks(cleaned);
        assertTrue(chunks.stream().noneMatch(c -> List.of("tEXt", "iTXt", "zTXt", "eXIf", "tIME").contains(c)),
                "metadata chunks left: " + chunks);
        assertFalse(latin1(cleaned).contains(CANARY));
        BufferedImage decoded = SamplePhotos.decode(cleaned);
        assertEquals(0.0, SamplePhotos.meanDifference(SamplePhotos.quadrants(40, 30), SamplePhotos.rgba(decoded)),
                "a PNG is cleaned losslessly");
        assertEquals(0.0, SamplePhotos.meanDifference(decoded, Base64Url.decode((String) result.get("preview"))));
    }

    @Test
    void whatCannotBeCleanedIsSaidPlainly() {
        byte[] junk = "not really a picture".getBytes(StandardCharsets.US_ASCII);
        List<List<String>> files = List.of(
                List.of(Base64Url.encode(junk), "clip.mp4", "video/mp4"),
                List.of(Base64Url.encode(junk), "voice.m4a", "audio/mp4"),
                List.of(Base64Url.encode(junk), "letter.pdf", "application/pdf"),
                List.of(Base64Url.encode(junk), "IMG_1.HEIC", "image/heic"),
                List.of(Base64Url.encode(junk), "broken.jpg", "image/jpeg"),
                List.of(Base64Url.encode(junk), "drawing.svg", "image/svg+xml"),
                List.of(Base64Url.encode(junk), "notes.txt", "text/plain"),
                List.of(Base64Url.encode(junk), "unknown", ""));
        Map<String, Object> result = js("""
                const reasons = [];
                for (const file of args[0]) reasons.push((await cleanBytes(file)).reason);
                // A WebP the browser can read is cleaned, and sent as JPEG.
                const canvas = new OffscreenCanvas(20, 10);
                canvas.getContext('2d').fillRect(0, 0, 20, 10);
                const webp = await canvas.convertToBlob({ type: 'image/webp' });
                const cleaned = await clean.cleanImage(new File([webp], 'sticker.webp', { type: 'image/webp' }));
                return { reasons, webp: [cleaned.cleaned, cleaned.type, cleaned.name, cleaned.width] };
                """, files);
        assertEquals(List.of("video", "audio", "pdf", "undecodable", "undecodable", "other", "other", "other"),
                result.get("reasons"));
        assertEquals(List.of(true, "image/jpeg", "sticker.jpg", 20L), result.get("webp"));
    }

    @Test
    void measuresCleaningATwelveMegapixelPhoto() {
        RendererMemory.Peak<Map<String, Object>> run = measureInFreshBrowser(SamplePhotos.TWELVE_MEGAPIXELS_IN_BROWSER, """
                const start = performance.now();
                const result = await clean.cleanImage(window.photo);
                const ms = performance.now() - start;
                return { ms, width: result.width, height: result.height, in: window.photo.size,
                  out: result.blob.size, preview: [result.preview.width, result.preview.height] };
                """);
        Map<String, Object> result = run.result();
        assertEquals(List.of(4000L, 3000L), List.of(result.get("width"), result.get("height")));
        assertEquals(List.of(1024L, 768L), result.get("preview"));
        System.out.printf(Locale.ROOT, "Chromium cleans a 12-megapixel JPEG (%.1f MB in, %.1f MB out) in %.0f ms; "
                + "renderer resident memory %d MiB before, peak %d MiB (+%d MiB)%n",
                ((Number) result.get("in")).doubleValue() / 1e6, ((Number) result.get("out")).doubleValue() / 1e6,
                ((Number) result.get("ms")).doubleValue(), run.beforeKib() / 1024, run.peakKib() / 1024,
                run.growthMib());
    }

    /** Orientation 6 applied in Java: the displayed (x, y) is the stored (y, height - 1 - x). */
    private static BufferedImage turnedClockwise(BufferedImage stored) {
        BufferedImage out = new BufferedImage(stored.getHeight(), stored.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, stored.getRGB(y, stored.getHeight() - 1 - x));
            }
        }
        return out;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    protected String imports() {
        return IMPORTS;
    }
}
