package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Input limits beyond the body size (ErrorsIT): JSON nesting depth, array sizes, string lengths and
 * list page sizes. Each is refused with a problem document naming what was wrong, and nothing is
 * stored.
 */
class InputLimitsIT {

    private final Tenant tenant = newAccount();

    @Test
    void aBodyNestedElevenLevelsDeepIsRefused() {
        String nested = "[".repeat(11) + "\"eu\"" + "]".repeat(11);
        String body =
                "{\"title\": \"Deep\", \"host\": \"u-1\", \"duration\": 30, \"region\": "
                        + nested
                        + "}";

        Response refused = post("/api/meetings", body);

        assertFieldError(refused, "body");
        assertTrue(
                refused.asString().contains("nested more than 10 levels"),
                () -> "the problem says why: " + refused.asString());
        assertNothingStored();
    }

    @Test
    void anArrayOfMoreThanAThousandItemsIsRefusedNamingItsField() {
        String ids =
                IntStream.range(0, 5000)
                        .mapToObj(i -> "\"p-" + i + "\"")
                        .collect(Collectors.joining(","));
        String body =
                "{\"title\": \"Crowd\", \"host\": \"u-1\", \"duration\": 30, \"participants\": ["
                        + ids
                        + "]}";

        Response refused = post("/api/meetings", body);

        assertFieldError(refused, "participants");
        assertTrue(refused.asString().contains("at most 1000 items"), refused::asString);
        assertNothingStored();
    }

    @Test
    void anArrayHiddenInAFieldOfTheWrongTypeIsRefusedBeforeBinding() {
        String numbers =
                IntStream.range(0, 1001)
                        .mapToObj(Integer::toString)
                        .collect(Collectors.joining(","));
        Response refused =
                post(
                        "/api/meetings",
                        "{\"title\": \"T\", \"host\": \"u-1\", \"duration\": 30,"
                                + " \"scheduled_start\": ["
                                + numbers
                                + "]}");

        assertFieldError(refused, "scheduled_start");
        assertNothingStored();
    }

    @Test
    void overlongStringsAreRefused() {
        Response title =
                post(
                        "/api/meetings",
                        "{\"title\": \""
                                + "t".repeat(201)
                                + "\", \"host\": \"u-1\", \"duration\": 30}");
        assertFieldError(title, "title");

        Response huge =
                post(
                        "/api/meetings",
                        "{\"title\": \""
                                + "t".repeat(9000)
                                + "\", \"host\": \"u-1\", \"duration\": 30}");
        assertFieldError(huge, "title");
        assertTrue(huge.asString().contains("8192"), () -> "the generic cap: " + huge.asString());

        Response url =
                post(
                        "/api/webhooks",
                        "{\"url\": \"https://hooks.example.com/"
                                + "a".repeat(2100)
                                + "\", \"event_types\": [\"meeting.started\"]}");
        assertFieldError(url, "url");
        Response hooks = as(tenant).get("/api/webhooks");
        assertEquals(List.of(), hooks.path("data"), "no subscription was stored");
        assertNothingStored();
    }

    @Test
    void aListLimitOutsideOneToTwoHundredIsRefused() {
        for (String limit : List.of("0", "201", "-1", "1e3", "abc")) {
            Response refused = as(tenant).get("/api/meetings?limit=" + limit);
            assertFieldError(refused, "limit");
        }
        assertProblem(as(tenant).get("/api/keys?limit=100000"), 400);
        assertEquals(200, as(tenant).get("/api/meetings?limit=200").statusCode(), "200 is allowed");
    }

    private Response post(String path, String body) {
        return as(tenant).contentType("application/json").body(body).post(path);
    }

    private void assertNothingStored() {
        Response list = as(tenant).get("/api/meetings");
        assertEquals(200, list.statusCode());
        assertEquals(List.of(), list.path("data"), () -> "nothing stored: " + list.asString());
    }
}
