package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An account's requests and errors per minute ({@code GET /api/me/usage}): every request of its
 * credentials is counted with its outcome, the server adds its counts to the database within
 * seconds, and nobody else's requests show.
 */
class UsageIT {

    @Test
    void theAccountsRequestsAndErrorsAreCountedPerMinute() {
        Tenant tenant = newAccount();
        Tenant other = newAccount();
        String from =
                Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS) + "";
        for (int i = 0; i < 6; i++) {
            as(tenant).get("/api/me").then().statusCode(200);
        }
        for (int i = 0; i < 3; i++) {
            as(tenant).get("/api/meetings/no-such-meeting").then().statusCode(404);
        }
        as(tenant)
                .contentType("application/json")
                .body("{}")
                .post("/api/meetings")
                .then()
                .statusCode(400);
        as(other).get("/api/me").then().statusCode(200);
        anonymous().get("/api/me").then().statusCode(401);

        // 10 requests, 4 of them client errors; the reads below count too, once flushed.
        Totals totals = awaitTotals(tenant, from, t -> t.clientErrors >= 4);
        assertEquals(4, totals.clientErrors, "three 404s and a 400: " + totals);
        assertTrue(totals.requests >= 10, () -> "at least the ten requests: " + totals);
        assertEquals(0, totals.serverErrors);
        assertEquals(0, totals.rateLimited);

        JsonPath asOperator =
                asAdmin()
                        .get("/api/accounts/" + tenant.accountId() + "/usage?from=" + from)
                        .jsonPath();
        long operatorSees =
                asOperator.getList("data.client_errors", Long.class).stream()
                        .mapToLong(Long::longValue)
                        .sum();
        assertEquals(4, operatorSees, "operators read the same figures");
        assertProblem(as(tenant).get("/api/accounts/" + tenant.accountId() + "/usage"), 403);
        assertProblem(asAdmin().get("/api/accounts/acc_nobody/usage"), 404);
        Totals theirs = awaitTotals(other, from, t -> t.requests >= 1);
        assertEquals(0, theirs.clientErrors, "another account's figures are its own");
    }

    @Test
    void requestsOverTheLimitAreCountedAsRateLimited() {
        Tenant tenant = newAccount();
        // Stay inside one clock minute, so that the limit is not renewed half-way.
        if (Instant.now().getEpochSecond() % 60 > 45) {
            sleep(Duration.ofSeconds(61 - Instant.now().getEpochSecond() % 60));
        }
        String from = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("rate_limit_per_minute", 3))
                .patch("/api/accounts/" + tenant.accountId())
                .then()
                .statusCode(200);
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            if (as(tenant).get("/api/me").statusCode() == 429) {
                refused++;
            }
        }
        assertEquals(3, refused, "three of six requests are over a limit of three");
        asAdmin()
                .contentType("application/json")
                .body(Map.of("rate_limit_per_minute", 1000000))
                .patch("/api/accounts/" + tenant.accountId())
                .then()
                .statusCode(200);

        Totals totals = awaitTotals(tenant, from, t -> t.rateLimited >= 3);
        assertEquals(3, totals.rateLimited, totals::toString);
        assertEquals(0, totals.clientErrors, "a 429 is counted apart from other client errors");
    }

    @Test
    void aBadWindowOrGranularityIsA400() {
        Tenant tenant = newAccount();
        ProblemAssert.assertFieldError(
                as(tenant).get("/api/me/usage?granularity=7m"), "granularity");
        ProblemAssert.assertFieldError(
                as(tenant).get("/api/me/usage?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"),
                "from");
        ProblemAssert.assertFieldError(
                as(tenant).get("/api/me/usage?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z"),
                "from");
        Response hours = as(tenant).get("/api/me/usage?granularity=1h");
        assertEquals(200, hours.statusCode(), hours::asString);
    }

    record Totals(long requests, long clientErrors, long rateLimited, long serverErrors) {}

    private interface Condition {
        boolean holds(Totals totals);
    }

    /** The account's totals since {@code from}, once they satisfy {@code condition}. */
    private static Totals awaitTotals(Tenant tenant, String from, Condition condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Totals totals;
        do {
            Response page = as(tenant).get("/api/me/usage?granularity=1m&from=" + from);
            assertEquals(200, page.statusCode(), page::asString);
            List<Map<String, Object>> data = page.jsonPath().getList("data");
            totals =
                    new Totals(
                            sum(data, "requests"),
                            sum(data, "client_errors"),
                            sum(data, "rate_limited"),
                            sum(data, "server_errors"));
            if (condition.holds(totals)) {
                return totals;
            }
            sleep(Duration.ofMillis(500));
        } while (Instant.now().isBefore(deadline));
        return totals;
    }

    private static long sum(List<Map<String, Object>> data, String field) {
        return data.stream().mapToLong(p -> ((Number) p.get(field)).longValue()).sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
