package io.chroom.application.webhook;

import jakarta.validation.constraints.Size;
import java.util.Set;

/** Changes a subscription ({@code PATCH /api/webhooks/{id}}); a field left out keeps its value. */
public record WebhookChanges(
        @Size(max = 2048, message = "url must be at most 2048 characters long.") String url,
        @Size(min = 1, max = 32, message = "event_types must list 1 to 32 types.")
                Set<String> eventTypes,
        @Size(max = 500, message = "description must be at most 500 characters long.")
                String description,
        Boolean enabled) {}
