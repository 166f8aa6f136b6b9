package io.chroom.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Public facts about the server, under {@code /info}, outside the authenticated API. */
@ApplicationPath("/info")
public class InfoApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(VersionResource.class, ProblemMapper.class, JsonMapping.class);
    }
}
