package org.haven.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
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
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(body == null ? new byte[0] : body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? "" : contentType);
        // useDisk = false: MemoryAttribute and MemoryFileUpload only, whatever their size.
        DefaultHttpDataFactory memoryOnly = new DefaultHttpDataFactory(false, StandardCharsets.UTF_8);
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(memoryOnly, request, StandardCharsets.UTF_8, maxFields,
                    body == null ? 0 : body.length + 1);
        } catch (DecoderException | IllegalArgumentException e) {
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
        } catch (IOException | DecoderException e) {
            throw new IllegalArgumentException("malformed multipart/form-data", e);
        } finally {
            decoder.destroy();
            request.release();
        }
    }

    public String first(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
