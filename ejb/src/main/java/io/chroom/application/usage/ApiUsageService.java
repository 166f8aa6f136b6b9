package io.chroom.application.usage;

import io.chroom.application.ApiTime;
import io.chroom.application.Callers;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.analytics.AnalyticsService;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.Scope;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.JobLeases;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API's requests per account and minute. Each server counts its requests in memory and hands
 * them here every few seconds; they are added to the rows of {@code api_request_minutes} with an
 * upsert, so the rows hold the deployment's totals however many servers there are. An account reads
 * its own figures ({@code GET /api/me/usage}, any scope, like {@code GET /api/me}); network
 * administrators read any account's ({@code GET /api/accounts/{id}/usage}). Rows older than {@code
 * CHROOM_USAGE_RETENTION_DAYS} (35) are deleted once an hour by the one server that holds the
 * lease.
 */
@Stateless
@DeclareRoles({
    Scope.MEETINGS_READ_ROLE,
    Scope.MEETINGS_WRITE_ROLE,
    Scope.NODES_READ_ROLE,
    Scope.NODES_ADMIN_ROLE,
    Scope.ANALYTICS_READ_ROLE,
    Scope.TOKENS_READ_ROLE,
    Scope.TOKENS_WRITE_ROLE,
    Scope.GOVERNANCE_WRITE_ROLE,
    Scope.KEYS_ADMIN_ROLE,
    Scope.ACCOUNTS_ADMIN_ROLE,
    Scope.WEBHOOKS_ADMIN_ROLE
})
public class ApiUsageService {

    /** Intervals a caller may ask for, by name. */
    static final Map<String, Duration> GRANULARITIES =
            Map.of(
                    "1m", Duration.ofMinutes(1),
                    "5m", Duration.ofMinutes(5),
                    "15m", Duration.ofMinutes(15),
                    "1h", Duration.ofHours(1),
                    "1d", Duration.ofDays(1));

    /** Rows a single insert carries at most. */
    private static final int BATCH = 200;

    private static final Logger LOG = Logger.getLogger(ApiUsageService.class.getName());

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private JobLeases leases;

    @Inject
    @ConfigProperty(name = "chroom.usage.retention.days", defaultValue = "35")
    private int retentionDays;

    /** Adds a server's counts since its last flush to the deployment's totals. */
    @PermitAll
    public void add(List<RequestCounts> counts) {
        for (int from = 0; from < counts.size(); from += BATCH) {
            List<RequestCounts> batch = counts.subList(from, Math.min(counts.size(), from + BATCH));
            StringBuilder sql =
                    new StringBuilder(
                            "insert into api_request_minutes (account_id, minute, requests,"
                                    + " client_errors, rate_limited, server_errors) values ");
            for (int i = 0; i < batch.size(); i++) {
                int p = i * 6;
                sql.append(i == 0 ? "" : ", ")
                        .append(
                                "(?%d, ?%d, ?%d, ?%d, ?%d, ?%d)"
                                        .formatted(p + 1, p + 2, p + 3, p + 4, p + 5, p + 6));
            }
            sql.append(
                    " on conflict (account_id, minute) do update set"
                            + " requests = api_request_minutes.requests + excluded.requests,"
                            + " client_errors = api_request_minutes.client_errors"
                            + " + excluded.client_errors,"
                            + " rate_limited = api_request_minutes.rate_limited"
                            + " + excluded.rate_limited,"
                            + " server_errors = api_request_minutes.server_errors"
                            + " + excluded.server_errors");
            Query insert = em.createNativeQuery(sql.toString());
            for (int i = 0; i < batch.size(); i++) {
                RequestCounts c = batch.get(i);
                int p = i * 6;
                insert.setParameter(p + 1, c.accountId())
                        .setParameter(p + 2, c.minute())
                        .setParameter(p + 3, c.requests())
                        .setParameter(p + 4, c.clientErrors())
                        .setParameter(p + 5, c.rateLimited())
                        .setParameter(p + 6, c.serverErrors());
            }
            insert.executeUpdate();
        }
    }

    /** The caller's own account's requests over a window, oldest interval first. */
    @RolesAllowed({
        Scope.MEETINGS_READ_ROLE,
        Scope.MEETINGS_WRITE_ROLE,
        Scope.NODES_READ_ROLE,
        Scope.NODES_ADMIN_ROLE,
        Scope.ANALYTICS_READ_ROLE,
        Scope.TOKENS_READ_ROLE,
        Scope.TOKENS_WRITE_ROLE,
        Scope.GOVERNANCE_WRITE_ROLE,
        Scope.KEYS_ADMIN_ROLE,
        Scope.ACCOUNTS_ADMIN_ROLE,
        Scope.WEBHOOKS_ADMIN_ROLE
    })
    public Page<UsagePoint> mine(
            Instant from, Instant to, String granularity, int limit, String cursor) {
        return usage(callers.current().accountId(), from, to, granularity, limit, cursor);
    }

    /** Any account's requests, for the network's administrators. */
    @RolesAllowed(Scope.ACCOUNTS_ADMIN_ROLE)
    public Page<UsagePoint> ofAccount(
            String accountId,
            Instant from,
            Instant to,
            String granularity,
            int limit,
            String cursor) {
        if (em.find(Account.class, accountId) == null) {
            throw new ObjectNotFoundException("account", accountId);
        }
        return usage(accountId, from, to, granularity, limit, cursor);
    }

    /** Deletes the minutes past retention, on the one server that holds the lease. */
    @PermitAll
    @Schedule(minute = "17", hour = "*", persistent = false)
    public void forgetOld() {
        if (!leases.hold("api-usage-retention", Duration.ofMinutes(70))) {
            return;
        }
        int deleted =
                em.createNativeQuery(
                                "delete from api_request_minutes"
                                        + " where minute < now() - make_interval(days => ?1)")
                        .setParameter(1, retentionDays)
                        .executeUpdate();
        LOG.fine(() -> "Deleted " + deleted + " minutes of API usage past retention");
    }

    private Page<UsagePoint> usage(
            String accountId,
            Instant from,
            Instant to,
            String granularity,
            int limit,
            String cursor) {
        Duration step = granularity(granularity);
        // The same window rules as the analytics endpoints.
        AnalyticsService.Window window = AnalyticsService.Window.of(from, to);
        Instant start = window.from();
        Instant end = window.to();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);

        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select * from (select date_bin(cast(?1 as interval), minute,"
                                        + " timestamptz '2000-01-01') b, sum(requests),"
                                        + " sum(client_errors), sum(rate_limited),"
                                        + " sum(server_errors) from api_request_minutes"
                                        + " where account_id = ?2 and minute >= ?3"
                                        + " and minute < ?4 group by 1) q where b > ?5"
                                        + " order by 1 limit ?6")
                        .setParameter(1, step.toSeconds() + " seconds")
                        .setParameter(2, accountId)
                        .setParameter(3, start)
                        .setParameter(4, end)
                        .setParameter(5, after == null ? Instant.EPOCH : after.createdAt())
                        .setParameter(6, limit + 1)
                        .getResultList();
        List<UsagePoint> points = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            points.add(
                    new UsagePoint(
                            ApiTime.seconds(ApiTime.fromDatabase(r[0])),
                            ((Number) r[1]).longValue(),
                            ((Number) r[2]).longValue(),
                            ((Number) r[3]).longValue(),
                            ((Number) r[4]).longValue()));
        }
        String next =
                rows.size() > limit
                        ? new Cursor(points.get(points.size() - 1).at(), accountId).encode()
                        : null;
        return new Page<>(points, next);
    }

    private static Duration granularity(String name) {
        if (name == null || name.isEmpty()) {
            return Duration.ofMinutes(1);
        }
        Duration step = GRANULARITIES.get(name);
        if (step == null) {
            throw new InvalidRequestException(
                    "granularity", "granularity must be one of 1m, 5m, 15m, 1h or 1d.");
        }
        return step;
    }
}
