package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/accounts}: the network administrators' tools, held by the bootstrap key. */
class AccountsIT {

    private static final List<String> CUSTOMER_SCOPES =
            List.of(
                    "analytics:read",
                    "governance:write",
                    "keys:admin",
                    "meetings:read",
                    "meetings:write",
                    "nodes:read",
                    "tokens:read",
                    "tokens:write",
                    "webhooks:admin");

    @Test
    void theBootstrapKeyOpensAnAccountWithAFirstKey() {
        String name = "Acme " + UUID.randomUUID();
        Response created =
                asAdmin()
                        .contentType("application/json")
                        .body("{\"name\": " + Api.json(name) + "}")
                        .post("/api/accounts");

        assertEquals(201, created.statusCode(), () -> "open: " + created.asString());
        String id = created.path("id");
        assertEquals(Api.URL + "/api/accounts/" + id, created.header("Location"));
        assertEquals("no-store", created.header("Cache-Control"), "the answer holds a secret");
        assertEquals(name, created.path("name"));
        assertEquals("standard", created.path("tier"), "standard unless asked otherwise");
        assertEquals(Integer.valueOf(100), created.path("rate_limit_per_minute"));
        assertEquals(Boolean.FALSE, created.path("network_admin"));
        assertEquals(
                CUSTOMER_SCOPES,
                created.path("first_key.scopes"),
                "the first key holds every scope an account may hold, and no administrator's");
        String secret = created.path("first_key.secret");
        assertEquals(200, as(secret).get("/api/meetings").statusCode(), "the first key works");

        Response read = asAdmin().get("/api/accounts/" + id);
        assertEquals(200, read.statusCode());
        assertEquals(name, read.path("name"));
        assertNull(read.path("first_key"), "the first key is in the creating answer only");
        assertFalse(read.asString().contains(secret), "a read never shows a secret");
    }

    @Test
    void anAccountCanBeOpenedPremiumWithItsOwnLimit() {
        Response created =
                asAdmin()
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"Big\", \"tier\": \"premium\","
                                        + " \"rate_limit_per_minute\": 5000}")
                        .post("/api/accounts");
        assertEquals(201, created.statusCode(), () -> "open: " + created.asString());
        assertEquals("premium", created.path("tier"));
        assertEquals(Integer.valueOf(5000), created.path("rate_limit_per_minute"));
        assertEquals(Boolean.TRUE, created.path("rate_limit_overridden"));
    }

    @Test
    void patchChangesNameTierAndLimit() {
        Tenant tenant = Api.newAccountAtTierLimit();
        String path = "/api/accounts/" + tenant.accountId();

        Response premium = patch(path, "{\"tier\": \"premium\"}");
        assertEquals(200, premium.statusCode(), () -> "patch: " + premium.asString());
        assertEquals("premium", premium.path("tier"));
        assertEquals(Integer.valueOf(1000), premium.path("rate_limit_per_minute"), "tier limit");
        assertEquals(Boolean.FALSE, premium.path("rate_limit_overridden"));

        Response limited = patch(path, "{\"rate_limit_per_minute\": 250, \"name\": \"Renamed\"}");
        assertEquals(Integer.valueOf(250), limited.path("rate_limit_per_minute"));
        assertEquals(Boolean.TRUE, limited.path("rate_limit_overridden"));
        assertEquals("Renamed", limited.path("name"));
        assertEquals("premium", limited.path("tier"), "fields left out keep their value");

        Response reset = patch(path, "{\"rate_limit_per_minute\": 0}");
        assertEquals(Integer.valueOf(1000), reset.path("rate_limit_per_minute"), "0 resets");
        assertEquals(Boolean.FALSE, reset.path("rate_limit_overridden"));
        assertEquals(reset.asString(), asAdmin().get(path).asString(), "the change is stored");

        assertFieldError(patch(path, "{\"tier\": \"gold\"}"), "tier");
        assertFieldError(patch(path, "{\"rate_limit_per_minute\": -1}"), "rate_limit_per_minute");
        assertEquals(reset.asString(), asAdmin().get(path).asString(), "bad input changes nothing");
    }

    @Test
    void accountsArePagedNewestFirst() {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opened.add(newAccount().accountId());
        }

        Response first = asAdmin().get("/api/accounts?limit=2");
        assertEquals(200, first.statusCode());
        List<String> seen = new ArrayList<>(first.<List<String>>path("data.id"));
        String next = ListPages.nextLink(first);
        assertNotNull(next, "there are more accounts than one page of two");
        Response second = asAdmin().get(next);
        assertEquals(200, second.statusCode());
        seen.addAll(second.path("data.id"));

        assertEquals(4, new HashSet<>(seen).size(), () -> "two pages, no repeats: " + seen);
        assertEquals(
                List.of(opened.get(2), opened.get(1), opened.get(0)),
                seen.subList(0, 3),
                "newest first");
    }

    @Test
    void refusesInvalidAccounts() {
        assertFieldError(
                asAdmin().contentType("application/json").body("{}").post("/api/accounts"), "name");
        assertFieldError(
                asAdmin()
                        .contentType("application/json")
                        .body("{\"name\": \"x\", \"tier\": \"gold\"}")
                        .post("/api/accounts"),
                "tier");
        assertFieldError(
                asAdmin()
                        .contentType("application/json")
                        .body("{\"name\": \"x\", \"rate_limit_per_minute\": 0}")
                        .post("/api/accounts"),
                "rate_limit_per_minute");
        assertProblem(asAdmin().get("/api/accounts/acc_doesNotExist"), 404);
        assertProblem(patch("/api/accounts/acc_doesNotExist", "{\"tier\": \"premium\"}"), 404);
    }

    @Test
    void onlyNetworkAdministratorsManageAccounts() {
        Tenant tenant = newAccount();
        String own = "/api/accounts/" + tenant.accountId();
        assertProblem(as(tenant).get("/api/accounts"), 403);
        assertProblem(as(tenant).get(own), 403);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"tier\": \"premium\"}")
                        .patch(own),
                403);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"Mine\"}")
                        .post("/api/accounts"),
                403);
        assertEquals(
                "standard", asAdmin().get(own).path("tier"), "a refused request changed nothing");
        assertTrue(
                asAdmin().get("/api/accounts?limit=200").<List<String>>path("data.name").stream()
                        .noneMatch("Mine"::equals),
                "a refused request opened no account");
    }

    private static Response patch(String path, String body) {
        return asAdmin().contentType("application/json").body(body).patch(path);
    }
}
