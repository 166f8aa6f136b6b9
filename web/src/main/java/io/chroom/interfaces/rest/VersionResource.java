package io.chroom.interfaces.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /info/version}: which API this server speaks. Public, constant and cheap, which also
 * makes it the baseline the benchmark measures the authenticated API against.
 */
@Path("version")
@Tag(name = "Service", description = "Facts about this server.")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private static final Map<String, String> VERSION = Map.of("api", "1", "product", "Chroom");

    @GET
    @SecurityRequirements
    @Operation(summary = "Which API version this server speaks (no credential needed)")
    public Map<String, String> version() {
        return VERSION;
    }
}
