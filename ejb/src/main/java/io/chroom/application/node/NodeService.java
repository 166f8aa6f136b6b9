package io.chroom.application.node;

import static io.chroom.application.ApiTime.now;
import static io.chroom.application.ApiTime.seconds;

import io.chroom.application.Callers;
import io.chroom.application.ChainUnavailableException;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.MediaUnavailableException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.StakeRequiredException;
import io.chroom.application.analytics.IngestKeys;
import io.chroom.application.audit.AuditTrail;
import io.chroom.application.media.MediaRooms;
import io.chroom.application.token.TokenAmounts;
import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.application.webhook.WebhookSecrets;
import io.chroom.application.webhook.WebhookTargets;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.domain.model.meeting.Meeting;
import io.chroom.domain.model.meeting.MeetingPlacement;
import io.chroom.domain.model.node.MediaNode;
import io.chroom.domain.model.node.NodeHealthStatus;
import io.chroom.domain.model.node.NodeState;
import io.chroom.domain.model.webhook.EventType;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeConnectionFactory;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.WatchedNode;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry of media nodes: operators' nodes registered, described, drained and removed by
 * network administrators ({@code nodes:admin}), read by anyone with {@code nodes:read}, and kept up
 * to date by the health watch.
 *
 * <p>A node that goes down, drains or is removed hands its live meetings to other nodes in the same
 * transaction that records the change; a meeting no other node can take stays live without media
 * until its next join finds a node.
 *
 * <p>A node is registered, put back into service or given another operator wallet only while that
 * wallet holds at least the network's minimum stake on chain (409 otherwise). A node already in
 * service keeps serving if its operator's stake falls later, or governance raises the minimum.
 */
@Stateless
@DeclareRoles({Scope.NODES_READ_ROLE, Scope.NODES_ADMIN_ROLE})
public class NodeService {

    private static final Logger LOG = Logger.getLogger(NodeService.class.getName());
    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "eis/chroom/media-nodes")
    private MediaNodeConnectionFactory nodes;

    @Resource private SessionContext context;

    @EJB private WebhookSecrets secrets;

    @EJB private WebhookTargets targets;

    @EJB private MediaRooms rooms;

    @EJB private Callers callers;

    @EJB private WebhookOutbox outbox;

    @EJB private IdempotencyStore idempotency;

    @EJB private AuditTrail audit;

    @EJB private IngestKeys ingestKeys;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    /**
     * Registers a node and asks it who it is. A node that does not answer is registered all the
     * same, as down; the health watch brings it up once it answers.
     */
    @RolesAllowed(Scope.NODES_ADMIN_ROLE)
    public Created<NodeView> register(NodeRequest request, String idempotencyKey) {
        String account = callers.current().accountId();
        if (idempotencyKey != null) {
            // The store keeps a digest of the request only, so the secrets in it are not kept.
            Optional<String> earlier =
                    idempotency.claim(
                            account, idempotencyKey, "node\n" + SNAPSHOTS.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), NodeView.class), true);
            }
        }
        NodeView view = register(request);
        if (idempotencyKey != null) {
            idempotency.complete(account, idempotencyKey, SNAPSHOTS.toJson(view));
        }
        return new Created<>(view, false);
    }

    private NodeView register(NodeRequest request) {
        checkUrls(request.mediaUrl(), request.controlUrl());
        if ((request.turnUrl() == null) != (request.turnSecret() == null)) {
            throw new InvalidRequestException(
                    request.turnUrl() == null ? "turn_url" : "turn_secret",
                    "turn_url and turn_secret go together: give both or neither.");
        }
        rejectTakenControlUrl(request.controlUrl(), null);
        requireStake(request.operatorWallet());
        Instant now = now();
        MediaNode node =
                new MediaNode(
                        Identifiers.prefixed("node_"),
                        new MediaNode.Profile(
                                request.name(),
                                request.region(),
                                request.mediaUrl(),
                                request.controlUrl(),
                                request.turnUrl(),
                                request.capacity(),
                                request.operatorWallet(),
                                new BigDecimal(request.pricePerParticipantMinute())),
                        secrets.seal(request.adminSecret()),
                        request.turnSecret() == null ? null : secrets.seal(request.turnSecret()),
                        now);
        node.observe(firstLook(node, request.adminSecret(), now));
        em.persist(node);
        em.flush();
        ingestKeys.remember(node.id(), request.adminSecret());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", node.name());
        details.put("region", node.region());
        details.put("capacity", node.capacity());
        audit.record(
                callers.current(),
                AuditEventType.NODE_REGISTERED,
                "node",
                node.id(),
                null,
                details);
        LOG.log(
                Level.INFO,
                "Node {0} registered in {1} at {2}: {3}",
                new Object[] {node.id(), node.region(), node.controlUrl(), node.health().value()});
        return view(node);
    }

    @RolesAllowed(Scope.NODES_READ_ROLE)
    public Page<NodeView> list(String state, int limit, String cursor) {
        StringBuilder jpql = new StringBuilder("select n from MediaNode n where 1 = 1");
        NodeState adminState = null;
        boolean down = false;
        if (state != null) {
            switch (state) {
                case "down" -> down = true;
                case "active", "draining", "removed" ->
                        adminState = NodeState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
                default ->
                        throw new InvalidRequestException(
                                "state", "state must be one of active, draining, down or removed.");
            }
        }
        if (down) {
            jpql.append(" and n.health = :down and n.state <> :removed");
        } else if (adminState != null) {
            jpql.append(" and n.state = :state");
            if (adminState != NodeState.REMOVED) {
                jpql.append(" and n.health <> :down");
            }
        }
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        if (after != null) {
            jpql.append(
                    " and (n.createdAt < :afterTime"
                            + " or (n.createdAt = :afterTime and n.id < :afterId))");
        }
        jpql.append(" order by n.createdAt desc, n.id desc");
        TypedQuery<MediaNode> q =
                em.createQuery(jpql.toString(), MediaNode.class).setMaxResults(limit + 1);
        if (down) {
            q.setParameter("down", NodeHealthStatus.DOWN)
                    .setParameter("removed", NodeState.REMOVED);
        } else if (adminState != null) {
            q.setParameter("state", adminState);
            if (adminState != NodeState.REMOVED) {
                q.setParameter("down", NodeHealthStatus.DOWN);
            }
        }
        if (after != null) {
            q.setParameter("afterTime", after.createdAt()).setParameter("afterId", after.id());
        }
        List<MediaNode> found = q.getResultList();
        boolean more = found.size() > limit;
        List<MediaNode> page = more ? found.subList(0, limit) : found;
        Map<String, int[]> admitted = admitted();
        boolean operator = isOperator();
        List<NodeView> views = page.stream().map(n -> view(n, admitted, operator)).toList();
        MediaNode last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                views, last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    @RolesAllowed(Scope.NODES_READ_ROLE)
    public NodeView get(String nodeId) {
        return view(find(nodeId));
    }

    @RolesAllowed(Scope.NODES_ADMIN_ROLE)
    public NodeView update(String nodeId, NodeChanges changes) {
        MediaNode node = find(nodeId);
        requireNotRemoved(node);
        String walletBefore = node.operatorWallet();
        String mediaUrl = changes.mediaUrl() != null ? changes.mediaUrl() : node.mediaUrl();
        String controlUrl = changes.controlUrl() != null ? changes.controlUrl() : node.controlUrl();
        checkUrls(mediaUrl, controlUrl);
        if (changes.controlUrl() != null) {
            rejectTakenControlUrl(controlUrl, node.id());
        }
        if (changes.turnUrl() != null
                && node.turnSecretSealed() == null
                && changes.turnSecret() == null) {
            throw new InvalidRequestException(
                    "turn_secret", "A node given a turn_url needs its turn_secret too.");
        }
        node.describe(
                new MediaNode.Profile(
                        changes.name() != null ? changes.name() : node.name(),
                        changes.region() != null ? changes.region() : node.region(),
                        mediaUrl,
                        controlUrl,
                        changes.turnUrl() != null ? changes.turnUrl() : node.turnUrl(),
                        changes.capacity() != null ? changes.capacity() : node.capacity(),
                        changes.operatorWallet() != null
                                ? changes.operatorWallet()
                                : node.operatorWallet(),
                        changes.pricePerParticipantMinute() != null
                                ? new BigDecimal(changes.pricePerParticipantMinute())
                                : node.pricePerParticipantMinute()));
        node.replaceSecrets(
                changes.adminSecret() == null ? null : secrets.seal(changes.adminSecret()),
                changes.turnSecret() == null ? null : secrets.seal(changes.turnSecret()));
        if (changes.adminSecret() != null) {
            ingestKeys.remember(node.id(), changes.adminSecret());
        }
        boolean reactivated = "active".equals(changes.state()) && node.state() != NodeState.ACTIVE;
        boolean newWallet =
                changes.operatorWallet() != null
                        && !changes.operatorWallet().equalsIgnoreCase(walletBefore);
        if ((reactivated || newWallet) && !"draining".equals(changes.state())) {
            requireStake(node.operatorWallet());
        }
        if ("draining".equals(changes.state())) {
            drain(node);
        } else if ("active".equals(changes.state())) {
            node.activate();
        }
        audit.record(
                callers.current(),
                AuditEventType.NODE_CHANGED,
                "node",
                node.id(),
                null,
                Map.of(
                        "fields",
                        changedFields(changes),
                        "state",
                        node.state().name().toLowerCase(java.util.Locale.ROOT)));
        return view(node);
    }

    /** Takes no new meetings on the node and hands its live meetings to other nodes. */
    @RolesAllowed(Scope.NODES_ADMIN_ROLE)
    public NodeView drain(String nodeId) {
        MediaNode node = find(nodeId);
        requireNotRemoved(node);
        drain(node);
        audit.record(
                callers.current(), AuditEventType.NODE_DRAINED, "node", node.id(), null, Map.of());
        return view(node);
    }

    /** Removes the node from the pool for good; its live meetings move first. */
    @RolesAllowed(Scope.NODES_ADMIN_ROLE)
    public void remove(String nodeId) {
        MediaNode node = find(nodeId);
        if (node.state() == NodeState.REMOVED) {
            return;
        }
        node.remove();
        em.flush();
        moveMeetingsOff(node, MeetingPlacement.NODE_REMOVED);
        audit.record(
                callers.current(), AuditEventType.NODE_REMOVED, "node", node.id(), null, Map.of());
        LOG.log(Level.INFO, "Node {0} removed from the pool", node.id());
    }

    @RolesAllowed(Scope.NODES_READ_ROLE)
    public NodeHealthView health(String nodeId) {
        MediaNode node = find(nodeId);
        List<Object[]> rows =
                em.createNativeQuery(
                                "select observed_at, kind, control_rtt_ms, stun_rtt_ms, turn_ok,"
                                        + " sessions, participants, detail from media_node_health"
                                        + " where node_id = ?1 order by observed_at desc limit 50",
                                Object[].class)
                        .setParameter(1, nodeId)
                        .getResultList();
        List<HealthSample> recent = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            recent.add(
                    new HealthSample(
                            seconds(toInstant(r[0])),
                            ((String) r[1]).toLowerCase(java.util.Locale.ROOT),
                            (Integer) r[2],
                            (Integer) r[3],
                            (Boolean) r[4],
                            (Integer) r[5],
                            (Integer) r[6],
                            (String) r[7]));
        }
        NodeView view = view(node);
        return new NodeHealthView(node.id(), view.state(), view.health(), view.load(), recent);
    }

    /** The nodes the health watch probes: every node not removed. */
    @PermitAll
    public List<WatchedNode> watchList() {
        List<WatchedNode> watched = new ArrayList<>();
        for (MediaNode node :
                em.createQuery(
                                "select n from MediaNode n where n.state <> :removed",
                                MediaNode.class)
                        .setParameter("removed", NodeState.REMOVED)
                        .getResultList()) {
            watched.add(
                    new WatchedNode(
                            node.id(),
                            address(node),
                            node.turnUrl() == null ? null : URI.create(node.turnUrl()),
                            node.turnSecretSealed() == null
                                    ? null
                                    : secrets.unseal(node.turnSecretSealed()),
                            switch (node.health()) {
                                case UP, UNKNOWN -> NodeEvent.Kind.UP;
                                case DEGRADED -> NodeEvent.Kind.DEGRADED;
                                case DOWN -> NodeEvent.Kind.DOWN;
                            }));
        }
        return watched;
    }

    /**
     * Records what the health watch saw. A node that went down hands its live meetings to other
     * nodes.
     */
    @PermitAll
    public void record(NodeEvent event) {
        MediaNode node = em.find(MediaNode.class, event.nodeId());
        if (node == null || node.state() == NodeState.REMOVED) {
            return;
        }
        NodeHealth health = event.health();
        NodeHealthStatus status =
                switch (event.kind()) {
                    case UP -> NodeHealthStatus.UP;
                    case DEGRADED -> NodeHealthStatus.DEGRADED;
                    case DOWN -> NodeHealthStatus.DOWN;
                    case LOAD_CHANGED ->
                            node.health() == NodeHealthStatus.UNKNOWN
                                    ? NodeHealthStatus.UP
                                    : node.health();
                };
        NodeHealthStatus before = node.health();
        NodeInfo info = health.info();
        Instant at = health.at() == null ? now() : health.at().truncatedTo(ChronoUnit.MICROS);
        boolean changed = before != status;
        // Health is written beside the node's version, not through it: the watch writes every few
        // seconds, and an administrator's change must not fail for it (the entity writes only the
        // columns an administrator changed, so neither overwrites the other).
        var update =
                em.createQuery(
                        "update MediaNode n set n.health = :health, n.checkedAt = :at,"
                                + " n.controlRttMillis = :controlRtt, n.stunRttMillis = :stunRtt,"
                                + " n.turnOk = :turn, n.healthDetail = :detail"
                                + (info == null
                                        ? ""
                                        : ", n.software = :software, n.sessions = :sessions,"
                                                + " n.rooms = :rooms,"
                                                + " n.nodeParticipants = :participants")
                                + " where n.id = :id");
        update.setParameter("health", status)
                .setParameter("at", at)
                .setParameter("controlRtt", millis(health.controlRttMillis()))
                .setParameter("stunRtt", millis(health.stunRttMillis()))
                .setParameter("turn", node.turnUrl() == null ? null : health.turnAllocated())
                .setParameter("detail", truncate(health.detail()))
                .setParameter("id", node.id());
        if (info != null) {
            update.setParameter("software", info.software() + " " + info.version())
                    .setParameter("sessions", info.sessions())
                    .setParameter("rooms", info.rooms())
                    .setParameter("participants", info.participants());
        }
        update.executeUpdate();
        em.refresh(node);
        em.createNativeQuery(
                        "insert into media_node_health (node_id, observed_at, kind, control_rtt_ms,"
                                + " stun_rtt_ms, turn_ok, sessions, participants, detail)"
                                + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, node.id())
                .setParameter(2, at)
                .setParameter(3, event.kind().name())
                .setParameter(4, millis(health.controlRttMillis()))
                .setParameter(5, millis(health.stunRttMillis()))
                .setParameter(6, health.turnAllocated())
                .setParameter(7, info == null ? null : info.sessions())
                .setParameter(8, info == null ? null : info.participants())
                .setParameter(9, truncate(health.detail()))
                .executeUpdate();
        if (changed) {
            LOG.log(
                    status == NodeHealthStatus.DOWN ? Level.WARNING : Level.INFO,
                    "Node {0} is {1}{2}",
                    new Object[] {
                        node.id(),
                        status.value(),
                        health.detail() == null ? "" : " (" + truncate(health.detail()) + ")"
                    });
        }
        if (changed && status == NodeHealthStatus.DOWN) {
            em.flush();
            announce(node, EventType.NODE_DOWN);
            moveMeetingsOff(node, MeetingPlacement.NODE_DOWN);
        } else if (changed && before == NodeHealthStatus.DOWN) {
            announce(node, EventType.NODE_UP);
        }
    }

    /** Node events go to the network's operators: every network administrators' account. */
    private void announce(MediaNode node, EventType type) {
        NodeView view = view(node, admitted(), true);
        for (String account :
                em.createQuery(
                                "select a.id from Account a where a.networkAdmin = true",
                                String.class)
                        .getResultList()) {
            outbox.publish(account, type, node.id(), view);
        }
    }

    /** The names of the fields a change gives; for secrets the name is all the trail keeps. */
    private static List<String> changedFields(NodeChanges changes) {
        List<String> fields = new ArrayList<>();
        Object[][] all = {
            {"name", changes.name()},
            {"region", changes.region()},
            {"media_url", changes.mediaUrl()},
            {"control_url", changes.controlUrl()},
            {"admin_secret", changes.adminSecret()},
            {"turn_url", changes.turnUrl()},
            {"turn_secret", changes.turnSecret()},
            {"capacity", changes.capacity()},
            {"operator_wallet", changes.operatorWallet()},
            {"price_per_participant_minute", changes.pricePerParticipantMinute()},
            {"state", changes.state()},
        };
        for (Object[] field : all) {
            if (field[1] != null) {
                fields.add((String) field[0]);
            }
        }
        return fields;
    }

    private void drain(MediaNode node) {
        if (node.drain()) {
            em.flush();
            LOG.log(Level.INFO, "Node {0} is draining", node.id());
        }
        moveMeetingsOff(node, MeetingPlacement.NODE_DRAINED);
    }

    private void moveMeetingsOff(MediaNode node, String reason) {
        Instant now = now();
        for (String meetingId : rooms.meetingsOn(node.id())) {
            Meeting meeting = em.find(Meeting.class, meetingId);
            try {
                MeetingPlacement moved = rooms.move(meeting, reason, now);
                LOG.log(
                        Level.INFO,
                        "Meeting {0} moved from node {1} to node {2} ({3})",
                        new Object[] {meetingId, node.id(), moved.nodeId(), reason});
            } catch (MediaUnavailableException e) {
                LOG.log(
                        Level.WARNING,
                        "Meeting {0} left node {1} ({2}) but no other node can take it; it is"
                                + " placed again at its next join",
                        new Object[] {meetingId, node.id(), reason});
            }
        }
    }

    /** Asks a node being registered who it is, so that it can take meetings at once. */
    private MediaNode.Observation firstLook(MediaNode node, String adminSecret, Instant now) {
        long started = System.nanoTime();
        try (MediaNodeConnection connection =
                nodes.getConnection(
                        new MediaNodeAddress(URI.create(node.controlUrl()), adminSecret))) {
            NodeInfo info = connection.info();
            int rtt = (int) ((System.nanoTime() - started) / 1_000_000);
            return new MediaNode.Observation(
                    now,
                    NodeHealthStatus.UP,
                    rtt,
                    null,
                    null,
                    info.software() + " " + info.version(),
                    info.sessions(),
                    info.rooms(),
                    info.participants(),
                    null);
        } catch (MediaNodeException e) {
            return new MediaNode.Observation(
                    now,
                    NodeHealthStatus.DOWN,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    truncate(e.getMessage()));
        }
    }

    /**
     * Refuses an operator wallet whose stake in the staking contract is below the network's minimum
     * stake, both read from the chain now; 503 when the chain does not answer, since the stake
     * cannot be checked.
     */
    private void requireStake(String wallet) {
        BigInteger stake;
        BigInteger minimum;
        String staking;
        try (ChainConnection connection = chain.getConnection()) {
            staking = connection.network().staking();
            if (staking.isBlank() || connection.network().parameters().isBlank()) {
                throw new ChainUnavailableException(
                        "This server has no staking contract or network parameters configured,"
                                + " so an operator's stake cannot be checked.");
            }
            minimum = connection.parameters().minimumStake();
            stake = connection.stakeOf(wallet);
        } catch (ChainException e) {
            LOG.log(
                    Level.WARNING,
                    "The stake of operator wallet {0} cannot be read ({1}); the node is not"
                            + " registered or activated",
                    new Object[] {wallet, e.getMessage()});
            throw new ChainUnavailableException(
                    "The chain does not answer, so the operator wallet's stake cannot be checked"
                            + " now; retry shortly.");
        }
        if (stake.compareTo(minimum) < 0) {
            throw new StakeRequiredException(
                    "operator_wallet",
                    "operator_wallet "
                            + wallet
                            + " has "
                            + TokenAmounts.format(stake)
                            + " tokens at stake; a node's operator needs at least "
                            + TokenAmounts.format(minimum)
                            + ". Stake them in the staking contract "
                            + staking
                            + " (approve it, then stake) and try again.");
        }
    }

    private void checkUrls(String mediaUrl, String controlUrl) {
        targets.checkForRegistration("media_url", mediaUrl);
        targets.checkForRegistration("control_url", controlUrl);
    }

    private void rejectTakenControlUrl(String controlUrl, String except) {
        List<String> holders =
                em.createQuery(
                                "select n.id from MediaNode n where n.controlUrl = :url"
                                        + " and n.state <> :removed",
                                String.class)
                        .setParameter("url", controlUrl)
                        .setParameter("removed", NodeState.REMOVED)
                        .getResultList();
        if (holders.stream().anyMatch(id -> !id.equals(except))) {
            throw new InvalidRequestException(
                    "control_url", "Another node is registered with this control_url.");
        }
    }

    private MediaNode find(String nodeId) {
        MediaNode node = em.find(MediaNode.class, nodeId);
        if (node == null) {
            throw new ObjectNotFoundException("node", nodeId);
        }
        return node;
    }

    private static void requireNotRemoved(MediaNode node) {
        if (node.state() == NodeState.REMOVED) {
            throw new InvalidRequestException("state", "A removed node cannot change.");
        }
    }

    private MediaNodeAddress address(MediaNode node) {
        return new MediaNodeAddress(
                URI.create(node.controlUrl()), secrets.unseal(node.adminSecretSealed()));
    }

    private NodeView view(MediaNode node) {
        return view(node, admitted(), isOperator());
    }

    /** Per node: participants Chroom admitted to its meetings, and those meetings. */
    private Map<String, int[]> admitted() {
        List<Object[]> rows =
                em.createNativeQuery(
                                "select p.node_id, count(distinct p.meeting_id),"
                                        + " count(g.id) from meeting_placements p"
                                        + " left join media_grants g on g.meeting_id ="
                                        + " p.meeting_id and g.revoked_at is null"
                                        + " and g.expires_at > now()"
                                        + " where p.released_at is null group by p.node_id",
                                Object[].class)
                        .getResultList();
        Map<String, int[]> byNode = new HashMap<>();
        for (Object[] r : rows) {
            byNode.put(
                    (String) r[0],
                    new int[] {((Number) r[1]).intValue(), ((Number) r[2]).intValue()});
        }
        return byNode;
    }

    /**
     * Whether the caller runs the network. Others see a node's public face only: its control URL,
     * where the node takes orders, is for operators.
     */
    private boolean isOperator() {
        return context.isCallerInRole(Scope.NODES_ADMIN_ROLE);
    }

    private static NodeView view(MediaNode node, Map<String, int[]> admitted, boolean operator) {
        int[] load = admitted.getOrDefault(node.id(), new int[] {0, 0});
        return new NodeView(
                node.id(),
                node.name(),
                node.region(),
                node.mediaUrl(),
                operator ? node.controlUrl() : null,
                node.turnUrl(),
                node.capacity(),
                node.operatorWallet(),
                node.pricePerParticipantMinute().stripTrailingZeros().toPlainString(),
                node.apparentState(),
                new NodeView.Health(
                        node.health().value(),
                        node.controlRttMillis(),
                        node.stunRttMillis(),
                        node.turnOk(),
                        node.software(),
                        seconds(node.checkedAt()),
                        node.healthDetail()),
                new NodeView.Load(
                        load[1], load[0], node.nodeParticipants(), node.rooms(), node.sessions()),
                seconds(node.createdAt()));
    }

    private static Integer millis(long value) {
        return value < 0 ? null : (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
