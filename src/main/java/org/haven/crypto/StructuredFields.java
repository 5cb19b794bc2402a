package org.haven.crypto;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 Structured Field Values that {@code Signature-Input}, {@code Signature} and
 * {@code Content-Digest} use: dictionaries whose members are items or inner lists, with parameters. Parsing is
 * the RFC's algorithm, made stricter in one way: a repeated dictionary key or parameter is refused rather than
 * silently overwritten, so a header cannot say two things about one signature.
 */
final class StructuredFields {

    private StructuredFields() {
    }

    /** An sf-token, kept apart from an sf-string because the two serialise differently. */
    record Token(String value) {
    }

    /** A bare item (Long, BigDecimal, String, Token, byte[] or Boolean) with its parameters, in order. */
    record Item(Object value, Map<String, Object> params) {
    }

    /** An inner list of items with its parameters, in order. */
    record InnerList(List<Item> items, Map<String, Object> params) {
    }

    /** Thrown for any value that is not a valid structured field; the message names the rule broken. */
    static final class ParseException extends IllegalArgumentException {
        ParseException(String message) {
            super(message);
        }
    }

    /** Members in order; each value is an {@link Item} or an {@link InnerList}. */
    static Map<String, Object> parseDictionary(String field) {
        Parser parser = new Parser(field);
        Map<String, Object> members = new LinkedHashMap<>();
        parser.skipSpaces();
        while (!parser.atEnd()) {
            String key = parser.key();
            Object member;
            if (parser.consume('=')) {
                member = parser.itemOrInnerList();
            } else {
                member = new Item(Boolean.TRUE, parser.parameters());
            }
            if (members.put(key, member) != null) {
                throw new ParseException("repeated dictionary key " + key);
            }
            parser.skipOws();
            if (parser.atEnd()) {
                break;
            }
            parser.expect(',');
            parser.skipOws();
            if (parser.atEnd()) {
                throw new ParseException("trailing comma");
            }
        }
        return Collections.unmodifiableMap(members);
    }

    /** RFC 8941 section 4.1 serialisation of an inner list, as RFC 9421 uses it for {@code @signature-params}. */
    static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            Item item = list.items().get(i);
            serializeBare(item.value(), out);
            serializeParams(item.params(), out);
        }
        out.append(')');
        serializeParams(list.params(), out);
        return out.toString();
    }

    private static void serializeParams(Map<String, Object> params, StringBuilder out) {
        for (Map.Entry<String, Object> param : params.entrySet()) {
            out.append(';').append(param.getKey());
            if (!Boolean.TRUE.equals(param.getValue())) {
                out.append('=');
                serializeBare(param.getValue(), out);
            }
        }
    }

    private static void serializeBare(Object value, StringBuilder out) {
        if (value instanceof String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("sf-string must be printable ASCII");
                }
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else if (value instanceof Long number) {
            out.append(number.longValue());
        } else if (value instanceof BigDecimal decimal) {
            BigDecimal plain = decimal.stripTrailingZeros();
            out.append(plain.scale() <= 0 ? plain.setScale(1).toPlainString() : plain.toPlainString());
        } else if (value instanceof Token token) {
            out.append(token.value());
        } else if (value instanceof byte[] bytes) {
            out.append(':').append(Base64.getEncoder().encodeToString(bytes)).append(':');
        } else if (value instanceof Boolean flag) {
            out.append(flag ? "?1" : "?0");
        } else {
            throw new IllegalArgumentException("not a structured field bare item");
        }
    }

    private static final class Parser {

        private final String text;
        private int at;

        Parser(String field) {
            if (field == null) {
                throw new ParseException("missing field");
            }
            // RFC 8941 4.2: leading and trailing SP are discarded before parsing.
            int start = 0;
            int end = field.length();
            while (start < end && field.charAt(start) == ' ') {
                start++;
            }
            while (end > start && field.charAt(end - 1) == ' ') {
                end--;
            }
            this.text = field.substring(start, end);
        }

        boolean atEnd() {
            return at >= text.length();
        }

        private char peek() {
            return atEnd() ? '\0' : text.charAt(at);
        }

        boolean consume(char c) {
            if (peek() == c && !atEnd()) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw new ParseException("expected '" + c + "' at " + at);
            }
        }

        void skipSpaces() {
            while (!atEnd() && peek() == ' ') {
                at++;
            }
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        Object itemOrInnerList() {
            if (peek() == '(' && !atEnd()) {
                return innerList();
            }
            return item();
        }

        private InnerList innerList() {
            expect('(');
            List<Item> items = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (consume(')')) {
                    return new InnerList(List.copyOf(items), parameters());
                }
                items.add(item());
                if (peek() != ' ' && peek() != ')' || atEnd()) {
                    throw new ParseException("inner list items must be separated by a space");
                }
            }
        }

        private Item item() {
            return new Item(bareItem(), parameters());
        }

        Map<String, Object> parameters() {
            Map<String, Object> params = new LinkedHashMap<>();
            while (consume(';')) {
                skipSpaces();
                String key = key();
                Object value = consume('=') ? bareItem() : Boolean.TRUE;
                if (params.put(key, value) != null) {
                    throw new ParseException("repeated parameter " + key);
                }
            }
            return Collections.unmodifiableMap(params);
        }

        String key() {
            int start = at;
            char first = peek();
            if (atEnd() || !(isLcAlpha(first) || first == '*')) {
                throw new ParseException("a key starts with a lower-case letter or '*'");
            }
            at++;
            while (!atEnd()) {
                char c = peek();
                if (isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*') {
                    at++;
                } else {
                    break;
                }
            }
            return text.substring(start, at);
        }

        private Object bareItem() {
            if (atEnd()) {
                throw new ParseException("missing value");
            }
            char c = peek();
            if (c == '-' || isDigit(c)) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == ':') {
                return byteSequence();
            }
            if (c == '?') {
                return bool();
            }
            if (isAlpha(c) || c == '*') {
                return token();
            }
            throw new ParseException("not a bare item at " + at);
        }

        private Object number() {
            int start = at;
            consume('-');
            int integerDigits = 0;
            while (!atEnd() && isDigit(peek())) {
                at++;
                integerDigits++;
            }
            if (integerDigits == 0) {
                throw new ParseException("a number needs a digit");
            }
            if (!consume('.')) {
                if (integerDigits > 15) {
                    throw new ParseException("integer too long");
                }
                return Long.parseLong(text.substring(start, at));
            }
            int fractionDigits = 0;
            while (!atEnd() && isDigit(peek())) {
                at++;
                fractionDigits++;
            }
            if (integerDigits > 12 || fractionDigits < 1 || fractionDigits > 3) {
                throw new ParseException("bad decimal");
            }
            return new BigDecimal(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char next = atEnd() ? '\0' : text.charAt(at++);
                    if (next != '"' && next != '\\') {
                        throw new ParseException("bad escape in string");
                    }
                    out.append(next);
                } else if (c == '"') {
                    return out.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw new ParseException("string must be printable ASCII");
                } else {
                    out.append(c);
                }
            }
            throw new ParseException("unterminated string");
        }

        private byte[] byteSequence() {
            expect(':');
            int start = at;
            while (!atEnd() && peek() != ':') {
                char c = peek();
                if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                    throw new ParseException("byte sequence must be base64");
                }
                at++;
            }
            String encoded = text.substring(start, at);
            expect(':');
            try {
                return Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new ParseException("byte sequence is not base64");
            }
        }

        private Boolean bool() {
            expect('?');
            if (consume('1')) {
                return Boolean.TRUE;
            }
            if (consume('0')) {
                return Boolean.FALSE;
            }
            throw new ParseException("boolean must be ?0 or ?1");
        }

        private Token token() {
            int start = at;
            at++;
            while (!atEnd()) {
                char c = peek();
                if (isTchar(c) || c == ':' || c == '/') {
                    at++;
                } else {
                    break;
                }
            }
            return new Token(text.substring(start, at));
        }

        private static boolean isLcAlpha(char c) {
            return c >= 'a' && c <= 'z';
        }

        private static boolean isAlpha(char c) {
            return isLcAlpha(c) || c >= 'A' && c <= 'Z';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isTchar(char c) {
            return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
