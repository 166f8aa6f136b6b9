package io.chroom.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * Where media nodes post their events, under {@code /ingest}: outside the product API, as nodes
 * authenticate with their own credential, not an account's key.
 */
@ApplicationPath("/ingest")
public class IngestApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(IngestResource.class, ProblemMapper.class, JsonMapping.class);
    }
}
