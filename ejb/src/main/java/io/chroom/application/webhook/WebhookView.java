package io.chroom.application.webhook;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it.
 *
 * @param secret the signing secret; only in the answers that create or rotate it
 * @param previousSecretExpiresAt until when the secret replaced by the last rotation still signs
 */
@JsonbPropertyOrder({"id", "url", "eventTypes", "enabled", "description", "secret"})
public record WebhookView(
        String id,
        String url,
        List<String> eventTypes,
        boolean enabled,
        String description,
        String secret,
        Instant previousSecretExpiresAt,
        Instant createdAt) {}
