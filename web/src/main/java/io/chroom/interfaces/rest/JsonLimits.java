package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses JSON bodies whose shape no request of this API has, before anything binds them: nesting
 * deeper than {@value #MAX_DEPTH} levels, an array of more than {@value #MAX_ARRAY_ITEMS} items, or
 * a string of more than {@value #MAX_STRING_CHARS} characters. Each field also has its own, usually
 * tighter, limits; these caps bound the work any body can cause. The body is already capped at
 * {@link RequestLimits#MAX_BODY_BYTES}, so it is read whole, scanned, and handed on unchanged.
 */
@Provider
public class JsonLimits implements ReaderInterceptor {

    static final int MAX_DEPTH = 10;

    static final int MAX_ARRAY_ITEMS = 1000;

    static final int MAX_STRING_CHARS = 8192;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null
                || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Walks the body's events; malformed JSON is left for the binding to report. */
    static void check(byte[] body) {
        Deque<Container> open = new ArrayDeque<>();
        String key = null;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.KEY_NAME) {
                    key = parser.getString();
                    continue;
                }
                if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    open.pop();
                    continue;
                }
                Container parent = open.peek();
                String field = parent == null ? "body" : parent.array ? parent.field : key;
                if (parent != null && parent.array && ++parent.items > MAX_ARRAY_ITEMS) {
                    throw new InvalidRequestException(
                            field, field + " can hold at most " + MAX_ARRAY_ITEMS + " items.");
                }
                if (event == JsonParser.Event.VALUE_STRING
                        && parser.getString().length() > MAX_STRING_CHARS) {
                    throw new InvalidRequestException(
                            field,
                            field + " must be at most " + MAX_STRING_CHARS + " characters long.");
                }
                if (event == JsonParser.Event.START_OBJECT
                        || event == JsonParser.Event.START_ARRAY) {
                    if (open.size() >= MAX_DEPTH) {
                        throw new InvalidRequestException(
                                "body",
                                "The request body is nested more than "
                                        + MAX_DEPTH
                                        + " levels deep.");
                    }
                    open.push(new Container(event == JsonParser.Event.START_ARRAY, field));
                }
            }
        } catch (jakarta.json.JsonException malformed) {
            // The binding parses the same bytes and answers with what it found wrong.
        }
    }

    /** An object or array being read, and the field it is the value of. */
    private static final class Container {
        final boolean array;
        final String field;
        int items;

        Container(boolean array, String field) {
            this.array = array;
            this.field = field;
        }
    }
}
