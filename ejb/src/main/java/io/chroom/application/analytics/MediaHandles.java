package io.chroom.application.analytics;

import io.chroom.application.ApiTime;
import io.chroom.application.webhook.WebhookSecrets;
import io.chroom.media.api.MediaNodeAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who was connected to which node when: the rows of {@code media_handles}, from each handle's
 * attach to its detach, that participant-minutes are counted from. The node's events open and close
 * them; this closes them too when the node's own word cannot be had: when the API removes a
 * participant, ends the meeting or moves it off the node, and when the node's control API no longer
 * lists a handle whose detach never arrived. A handle closed here and detached later by its event
 * keeps the earlier time.
 */
@Stateless
@PermitAll
public class MediaHandles {

    /**
     * A handle attached this shortly before a listing may be missing from it only because its
     * attach event and the listing crossed; it is not closed on that listing.
     */
    static final Duration LISTING_MARGIN = Duration.ofSeconds(10);

    @PersistenceContext private EntityManager em;

    @EJB private WebhookSecrets secrets;

    /**
     * A node that has handles connected, as the poll reaches it.
     *
     * @param heardAt when the node last posted events that were taken, or {@code null}
     */
    public record PolledNode(String nodeId, MediaNodeAddress address, Instant heardAt) {}

    /** The nodes, neither removed nor down, on which some handle is connected. */
    public List<PolledNode> nodesWithOpenHandles() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select n.id, n.control_url, n.admin_secret_sealed, k.heard_at"
                                        + " from media_nodes n left join media_node_ingest_keys k"
                                        + " on k.node_id = n.id where n.state <> 'REMOVED'"
                                        + " and n.health <> 'DOWN' and exists (select 1 from"
                                        + " media_handles h where h.node_id = n.id"
                                        + " and h.detached_at is null) order by n.id")
                        .getResultList();
        List<PolledNode> nodes = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            nodes.add(
                    new PolledNode(
                            (String) r[0],
                            new MediaNodeAddress(
                                    URI.create((String) r[1]), secrets.unseal((byte[]) r[2])),
                            r[3] == null ? null : ApiTime.fromDatabase(r[3])));
        }
        return nodes;
    }

    /**
     * What a node's control API listed at {@code listedAt}: the connected handles it holds are
     * marked seen then; those it no longer holds are closed at the last moment they were known to
     * be there (listed, polled, or attached). Answers how many were closed.
     */
    public int reconcile(String nodeId, Set<Long> present, Instant listedAt) {
        Instant at = listedAt.truncatedTo(ChronoUnit.MICROS);
        // Rows a batch of the node's events is changing right now are left to it: the poll never
        // waits for them, so it cannot deadlock with the batch.
        String mine =
                "(node_id, handle_id) in (select node_id, handle_id from media_handles"
                        + " where node_id = ?1 and detached_at is null and %s"
                        + " for update skip locked)";
        if (!present.isEmpty()) {
            em.createNativeQuery(
                            "update media_handles set seen_at = greatest(seen_at, ?2) where "
                                    + mine.formatted("handle_id in (?3)"))
                    .setParameter(1, nodeId)
                    .setParameter(2, at)
                    .setParameter(3, List.copyOf(present))
                    .executeUpdate();
        }
        var close =
                em.createNativeQuery(
                                "update media_handles set detached_at = greatest(attached_at,"
                                        + " coalesce(seen_at, attached_at),"
                                        + " coalesce(polled_until, attached_at)) where "
                                        + mine.formatted(
                                                "attached_at < ?2"
                                                        + (present.isEmpty()
                                                                ? ""
                                                                : " and handle_id not in (?3)")))
                        .setParameter(1, nodeId)
                        .setParameter(2, at.minus(LISTING_MARGIN));
        if (!present.isEmpty()) {
            close.setParameter(3, List.copyOf(present));
        }
        return close.executeUpdate();
    }

    /** The participant left by the API (removed from the meeting): their handles close now. */
    public int closeParticipant(String meetingId, String participantId, Instant at) {
        return em.createNativeQuery(
                        "update media_handles set detached_at = greatest(attached_at, ?3)"
                                + " where meeting_id = ?1 and participant_id = ?2"
                                + " and detached_at is null")
                .setParameter(1, meetingId)
                .setParameter(2, participantId)
                .setParameter(3, at.truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
    }

    /** The meeting is over: every handle still connected to it closes now. */
    public int closeMeeting(String meetingId, Instant at) {
        return em.createNativeQuery(
                        "update media_handles set detached_at = greatest(attached_at, ?2)"
                                + " where meeting_id = ?1 and detached_at is null")
                .setParameter(1, meetingId)
                .setParameter(2, at.truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
    }

    /** The meeting moved off the node (its room there is gone): its handles there close now. */
    public int closeOnNode(String nodeId, String meetingId, Instant at) {
        return em.createNativeQuery(
                        "update media_handles set detached_at = greatest(attached_at, ?3)"
                                + " where node_id = ?1 and meeting_id = ?2"
                                + " and detached_at is null")
                .setParameter(1, nodeId)
                .setParameter(2, meetingId)
                .setParameter(3, at.truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
    }
}
