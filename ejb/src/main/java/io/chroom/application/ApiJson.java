package io.chroom.application;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The JSON the API speaks, snake_case field names, for documents the services write themselves
 * (webhook event bodies) so they read exactly like the REST answers.
 */
public final class ApiJson {

    public static final Jsonb JSONB =
            JsonbBuilder.create(
                    new JsonbConfig()
                            .withPropertyNamingStrategy(
                                    PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    private ApiJson() {}
}
