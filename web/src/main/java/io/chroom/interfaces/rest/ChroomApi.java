package io.chroom.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The product API, under {@code /api}. */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Chroom API",
                        version = "1",
                        description =
                                "Create and run meetings on a decentralized network of WebRTC"
                                        + " media nodes. Authenticate with Authorization: Bearer"
                                        + " <API key>; each operation names the scope it needs."
                                        + " Errors are RFC 9457 application/problem+json."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API key (chr_...) or an OAuth 2.0 access token.")
public class ChroomApi extends Application {}
