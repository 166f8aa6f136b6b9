package io.chroom.application.audit;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * An audit entry as {@code GET /api/audit} shows it.
 *
 * @param id the entry's id
 * @param type such as {@code key.created} or {@code auth.failed}
 * @param occurredAt when it happened; for {@code auth.failed}, the first failure of the minute
 * @param actorAccountId the account that acted, when the request was authenticated
 * @param actorCredentialId the key that acted
 * @param sourceAddress the client address, for {@code auth.failed}
 * @param targetType {@code key}, {@code account} or {@code node}, when the event has a target
 * @param targetId the target's id
 * @param accountId the account the target belongs to
 * @param details the event's facts, such as a key's scopes or the fields a change touched
 * @param count how many failures an {@code auth.failed} entry counts; 1 for any other entry
 * @param lastSeenAt the last of them
 */
@JsonbPropertyOrder({
    "id",
    "type",
    "occurredAt",
    "actorAccountId",
    "actorCredentialId",
    "sourceAddress",
    "targetType",
    "targetId",
    "accountId",
    "details",
    "count",
    "lastSeenAt"
})
public record AuditEventView(
        String id,
        String type,
        Instant occurredAt,
        String actorAccountId,
        String actorCredentialId,
        String sourceAddress,
        String targetType,
        String targetId,
        String accountId,
        Map<String, Object> details,
        int count,
        Instant lastSeenAt) {}
