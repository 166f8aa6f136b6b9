package io.chroom.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Leases on work that one server of a deployment does at a time, kept in PostgreSQL. A server that
 * holds a lease renews it each time it works; when it stops renewing (it died, or lost the
 * database), another server takes the lease over once it has run out.
 */
@Stateless
public class JobLeases {

    /** This server, as lease holders are named: host, process and a start-up nonce. */
    private static final String SELF =
            ManagementFactory.getRuntimeMXBean().getName()
                    + "/"
                    + UUID.randomUUID().toString().substring(0, 8);

    @PersistenceContext private EntityManager em;

    /**
     * Takes or renews the lease on {@code job} for {@code length}; answers whether this server
     * holds it now. Commits at once, so that other servers see the holder without waiting for the
     * caller's work.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean hold(String job, Duration length) {
        int taken =
                em.createNativeQuery(
                                "insert into job_leases (name, holder, lease_until)"
                                        + " values (?1, ?2, now() + make_interval(secs => ?3))"
                                        + " on conflict (name) do update set holder ="
                                        + " excluded.holder, lease_until = excluded.lease_until"
                                        + " where job_leases.holder = excluded.holder"
                                        + " or job_leases.lease_until < now()")
                        .setParameter(1, job)
                        .setParameter(2, SELF)
                        .setParameter(3, (double) length.toMillis() / 1000)
                        .executeUpdate();
        return taken == 1;
    }

    public static String self() {
        return SELF;
    }
}
