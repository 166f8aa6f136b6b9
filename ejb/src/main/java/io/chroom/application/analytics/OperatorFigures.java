package io.chroom.application.analytics;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The database reads behind the operators' gauges. */
@Stateless
@PermitAll
public class OperatorFigures {

    @PersistenceContext private EntityManager em;

    /** Nodes not removed whose health is {@code health}. */
    public long nodes(String health) {
        return ((Number)
                        em.createNativeQuery(
                                        "select count(*) from media_nodes where health = ?1"
                                                + " and state <> 'REMOVED'")
                                .setParameter(1, health)
                                .getSingleResult())
                .longValue();
    }

    /** Seconds since the newest media sample of the last hour; -1 when there is none. */
    public double newestSampleAge() {
        Object age =
                em.createNativeQuery(
                                "select extract(epoch from now() - max(sampled_at)) from"
                                        + " media_samples where sampled_at > now() - interval"
                                        + " '1 hour'")
                        .getSingleResult();
        return age == null ? -1 : ((Number) age).doubleValue();
    }
}
