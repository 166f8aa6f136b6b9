package io.chroom.interfaces.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Gives every successful GET an entity tag computed from the JSON it answers, and answers 304 when
 * the client already holds that representation ({@code If-None-Match}). Hashing the body rather
 * than a version column keeps lists and computed fields correct too.
 */
@Provider
public class EntityTags implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!HttpMethod.GET.equals(request.getMethod())
                || response.getStatus() != 200
                || !response.hasEntity()
                || response.getEntity() instanceof String) {
            return;
        }

        EntityTag tag = new EntityTag(digest(JsonMapping.JSONB.toJson(response.getEntity())));
        response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "private, no-cache");

        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag.getValue())) {
            response.setStatus(304);
            response.setEntity(null);
        }
    }

    private static boolean matches(String header, String value) {
        for (String candidate : header.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals("*") || trimmed.equals("\"" + value + "\"")) {
                return true;
            }
        }
        return false;
    }

    private static String digest(String json) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
