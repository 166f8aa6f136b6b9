package io.chroom.application.webhook;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * A new subscription ({@code POST /api/webhooks}).
 *
 * @param url where events are posted; HTTPS and a public address
 * @param eventTypes which events, such as {@code meeting.started}
 * @param description what the subscription is for
 */
public record WebhookRequest(
        @NotNull(message = "url is required.")
                @Size(max = 2048, message = "url must be at most 2048 characters long.")
                String url,
        @NotEmpty(message = "event_types must name at least one event type.")
                @Size(max = 32, message = "event_types can list at most 32 types.")
                Set<@NotNull(message = "event_types must not contain null.") String> eventTypes,
        @Size(max = 500, message = "description must be at most 500 characters long.")
                String description) {}
