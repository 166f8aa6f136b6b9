package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public service endpoints: {@code /health}, {@code /openapi} and {@code /info/version}. */
class ServiceIT {

    @Test
    void healthIsUpWithTheDatabaseChecked() {
        Response health = anonymous().get("/health");
        assertEquals(200, health.statusCode(), () -> "health: " + health.asString());
        assertEquals("UP", health.path("status"));
        List<Map<String, Object>> checks = health.path("checks");
        assertTrue(
                checks.stream()
                        .anyMatch(
                                c ->
                                        "database".equals(c.get("name"))
                                                && "UP".equals(c.get("status"))),
                () -> "the database check is up: " + health.asString());
        assertEquals(200, anonymous().get("/health/ready").statusCode(), "ready");
    }

    @Test
    void openApiDescribesTheMeetingPaths() {
        Response description = anonymous().header("Accept", "application/json").get("/openapi");
        assertEquals(200, description.statusCode());
        Map<String, Object> paths = description.path("paths");
        for (String path :
                List.of(
                        "/api/meetings/create",
                        "/api/meetings",
                        "/api/meetings/{id}",
                        "/api/meetings/{id}/start",
                        "/api/meetings/{id}/end",
                        "/api/meetings/{id}/participants",
                        "/api/meetings/{id}/participants/{pid}",
                        "/api/keys",
                        "/api/keys/{id}",
                        "/api/accounts",
                        "/api/accounts/{id}")) {
            assertTrue(
                    paths.containsKey(path),
                    () -> "the description names " + path + ": " + paths.keySet());
        }
        assertTrue(
                paths.keySet().stream()
                        .filter(p -> !p.equals("/info/version") && !p.equals("/ingest/janus"))
                        .allMatch(p -> p.startsWith("/api/")),
                () -> "every product path is under /api: " + paths.keySet());
        assertTrue(
                paths.containsKey("/ingest/janus"),
                "the media nodes' event ingestion is described");
        Map<String, Object> create = description.path("paths.'/api/meetings/create'.post");
        assertTrue(create != null && create.containsKey("responses"), "create is a POST");
        assertEquals(200, anonymous().get("/openapi/ui/").statusCode(), "the UI is served");
    }

    @Test
    void theVersionIsPublic() {
        Response version = anonymous().get("/info/version");
        assertEquals(200, version.statusCode());
        assertEquals("1", version.path("api"));
    }
}
