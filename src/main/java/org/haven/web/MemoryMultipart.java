package org.haven.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multipart/form-data body taken apart in memory only. Quarkus REST writes every part that has a file name to
 * a temporary file in the uploads directory before a resource sees it (its file-size threshold is fixed at 0),
 * which would put a reporter's evidence on disk in clear; so the no-JavaScript pages take the raw body as bytes
 * and parse it here with Netty's decoder over a memory-only data factory: no part is ever written anywhere.
 */
public record MemoryMultipart(Map<String, List<String>> fields, List<Part> files) {

    /** A file part: the field name, the file name as the browser sent it, its declared type and its bytes. */
    public record Part(String field, String fileName, String contentType, byte[] bytes) {
    }

    /** @throws IllegalArgumentException when the body is not well-formed multipart/form-data */
    public static MemoryMultipart parse(String contentType, byte[] body, int maxFields) {
        if (body == null) {
            throw new IllegalArgumentException("no body");
        }
        // Netty reads a body without its closing delimiter, or one that never uses the announced boundary, as a
        // form with fewer fields; here it is malformed, as it would be for a browser.
        String boundary = boundary(contentType);
        if (boundary == null || lastIndexOf(body, ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1)) < 0) {
            throw new IllegalArgumentException("not multipart/form-data with a boundary that closes the body");
        }
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        // useDisk = false: MemoryAttribute and MemoryFileUpload only, whatever their size.
        DefaultHttpDataFactory memoryOnly = new DefaultHttpDataFactory(false, StandardCharsets.UTF_8);
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(memoryOnly, request, StandardCharsets.UTF_8, maxFields,
                    body.length + 1);
        } catch (RuntimeException e) {
            // Netty answers some malformed headers with a NullPointerException rather than a decoder exception.
            throw new IllegalArgumentException("not multipart/form-data", e);
        }
        try {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            List<Part> files = new ArrayList<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload file) {
                    files.add(new Part(file.getName(), file.getFilename(), file.getContentType(), file.get()));
                } else if (data instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), name -> new ArrayList<>()).add(attribute.getValue());
                }
            }
            return new MemoryMultipart(fields, files);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed multipart/form-data", e);
        } finally {
            decoder.destroy();
            request.release();
        }
    }

    /** The boundary parameter of a multipart/form-data type (RFC 2046: 1 to 70 characters), or null. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int at = haystack.length - needle.length; at >= 0; at--) {
            if (java.util.Arrays.equals(haystack, at, at + needle.length, needle, 0, needle.length)) {
                return at;
            }
        }
        return -1;
    }

    public String first(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
