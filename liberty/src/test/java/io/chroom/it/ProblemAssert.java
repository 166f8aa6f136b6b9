package io.chroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What every error answer of the API must look like: an RFC 9457 problem, and nothing internal. */
final class ProblemAssert {

    /** A fully qualified Java type name, such as {@code jakarta.json.bind.JsonbException}. */
    private static final Pattern JAVA_CLASS =
            Pattern.compile(
                    "\\b(?:java|javax|jakarta|org|com|io|sun)(?:\\.[a-z0-9_]+)+\\.[A-Z]\\w*");

    /** A stack frame, such as {@code at io.chroom.X.y(X.java:12)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\.java:\\d+\\)|\\bat [\\w.$]+\\(");

    private ProblemAssert() {}

    /**
     * Asserts that {@code response} is a problem document of {@code status} with all the members
     * the contract names, and that it gives nothing of the server's insides away.
     */
    static void assertProblem(Response response, int status) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), () -> "status of the answer " + body);
        assertTrue(
                String.valueOf(response.contentType()).startsWith("application/problem+json"),
                () -> "an error must be application/problem+json, was " + response.contentType());
        assertNothingInternal(body);

        assertText(response, "type");
        assertText(response, "title");
        assertText(response, "detail");
        assertText(response, "instance");
        assertEquals(
                Integer.valueOf(status),
                response.path("status"),
                () -> "the problem's status member must repeat the HTTP status: " + body);
        if (status == 400) {
            List<Map<String, Object>> errors = response.path("errors");
            assertNotNull(errors, () -> "a 400 must list its errors: " + body);
            assertFalse(errors.isEmpty(), () -> "a 400 must list at least one error: " + body);
            for (Map<String, Object> error : errors) {
                assertTrue(
                        error.get("field") instanceof String f && !f.isBlank(),
                        () -> "every error must name its field: " + body);
                assertTrue(
                        error.get("message") instanceof String m && !m.isBlank(),
                        () -> "every error must say what is wrong: " + body);
            }
        }
    }

    /** Asserts that a 400 names {@code field} among its errors. */
    static void assertFieldError(Response response, String field) {
        assertProblem(response, 400);
        List<String> fields = response.path("errors.field");
        assertTrue(
                fields.contains(field),
                () -> "the 400 should name the field " + field + ": " + response.asString());
    }

    /** Asserts that a body shows no stack trace and no Java class name. */
    static void assertNothingInternal(String body) {
        assertFalse(
                STACK_FRAME.matcher(body).find(),
                () -> "an answer must never carry a stack trace: " + body);
        assertFalse(
                JAVA_CLASS.matcher(body).find(),
                () -> "an answer must never name a Java class: " + body);
        assertFalse(
                body.contains("Exception"),
                () -> "an answer must never name an exception: " + body);
    }

    private static void assertText(Response response, String member) {
        Object value = response.path(member);
        assertTrue(
                value instanceof String text && !text.isBlank(),
                () -> "a problem must carry " + member + ": " + response.asString());
    }
}
