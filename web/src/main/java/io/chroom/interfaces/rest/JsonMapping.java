package io.chroom.interfaces.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * How the API reads and writes JSON: fields in snake_case, absent values left out, and a request
 * naming a field the API does not know, or giving a value of the wrong JSON type, refused rather
 * than silently ignored or coerced.
 */
@Provider
public class JsonMapping implements ContextResolver<Jsonb> {

    /** Yasson's switch for refusing unknown properties; JSON-B itself has none. */
    private static final String FAIL_ON_UNKNOWN = "jsonb.fail-on-unknown-properties";

    static final Jsonb JSONB =
            JsonbBuilder.create(
                    new JsonbConfig()
                            .withPropertyNamingStrategy(
                                    PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
                            .setProperty(FAIL_ON_UNKNOWN, true)
                            .withDeserializers(
                                    new StrictTypes.Text(),
                                    new StrictTypes.WholeNumber(),
                                    new StrictTypes.TrueOrFalse()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
