package io.chroom.application.meeting;

import io.chroom.application.media.MediaRooms;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends live meetings whose duration has passed, forgets expired idempotency keys, and destroys
 * rooms that a node could not destroy when their meeting ended.
 *
 * <p>Each meeting is ended through the meeting aggregate, so its end is announced to webhooks like
 * any other. Every server of a deployment runs this schedule, but a PostgreSQL advisory lock taken
 * for the transaction lets only one of them do the work of each tick; the others skip it. Reads end
 * an overdue meeting too, so nobody sees one live past its end between two ticks.
 */
@Singleton
public class MeetingClock {

    /** Advisory lock id of this job: "chroom.meeting-clock" folded to 64 bits. */
    private static final long LOCK = 0x6368726f6f6d0001L;

    private static final Logger LOG = Logger.getLogger(MeetingClock.class.getName());

    @PersistenceContext private EntityManager em;

    @EJB private IdempotencyStore idempotency;

    @EJB private MeetingService meetings;

    @EJB private MediaRooms rooms;

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void tick() {
        boolean mine =
                (Boolean)
                        em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                                .setParameter(1, LOCK)
                                .getSingleResult();
        if (!mine) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int ended = meetings.endOverdue(now, 500);
        int purged = idempotency.purgeExpired(now);
        int cleaned = rooms.cleanUp(5, now);
        if (ended > 0 || purged > 0 || cleaned > 0) {
            LOG.log(
                    Level.FINE,
                    "Ended {0} meetings whose time ran out; forgot {1} idempotency keys;"
                            + " destroyed {2} rooms left on nodes",
                    new Object[] {ended, purged, cleaned});
        }
    }
}
