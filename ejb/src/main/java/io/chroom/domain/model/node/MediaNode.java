package io.chroom.domain.model.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A media node an operator runs for the network: where clients send media ({@code mediaUrl}), where
 * Chroom controls it ({@code controlUrl}), its STUN/TURN server, how many participants it carries,
 * what it charges per participant-minute and which wallet is paid.
 *
 * <p>The node's {@link NodeState} is set by administrators; its {@link NodeHealthStatus} and load
 * by the health watch. The API's single {@code state} field folds them together: an active or
 * draining node that is down reads {@code down}. Only an active node that is up takes new meetings.
 *
 * <p>The secrets that control the node and mint TURN credentials are kept sealed; this entity holds
 * only the sealed bytes.
 *
 * <p>Only changed columns are written ({@code @DynamicUpdate}): the health watch updates health and
 * load outside the entity's version, so that an administrator's change never conflicts with it, and
 * neither overwrites the other's columns.
 */
@Entity
@Table(name = "media_nodes")
@DynamicUpdate
public class MediaNode {

    @Id private String id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String region;

    @Column(name = "media_url", nullable = false)
    private String mediaUrl;

    @Column(name = "control_url", nullable = false)
    private String controlUrl;

    @Column(name = "turn_url")
    private String turnUrl;

    @Column(name = "admin_secret_sealed", nullable = false)
    private byte[] adminSecretSealed;

    @Column(name = "turn_secret_sealed")
    private byte[] turnSecretSealed;

    @Column(nullable = false)
    private int capacity;

    @Column(name = "operator_wallet", nullable = false)
    private String operatorWallet;

    @Column(name = "price_per_participant_minute", nullable = false)
    private BigDecimal pricePerParticipantMinute;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private NodeState state;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private NodeHealthStatus health;

    @Column(name = "control_rtt_ms")
    private Integer controlRttMillis;

    @Column(name = "stun_rtt_ms")
    private Integer stunRttMillis;

    @Column(name = "turn_ok")
    private Boolean turnOk;

    private int sessions;

    private int rooms;

    @Column(name = "node_participants")
    private int nodeParticipants;

    private String software;

    @Column(name = "checked_at")
    private Instant checkedAt;

    @Column(name = "health_detail")
    private String healthDetail;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version private long version;

    protected MediaNode() {}

    public MediaNode(
            String id,
            Profile profile,
            byte[] adminSecretSealed,
            byte[] turnSecretSealed,
            Instant now) {
        this.id = id;
        this.adminSecretSealed = adminSecretSealed;
        this.turnSecretSealed = turnSecretSealed;
        this.state = NodeState.ACTIVE;
        this.health = NodeHealthStatus.UNKNOWN;
        this.createdAt = now;
        describe(profile);
    }

    /** What an operator says about a node, apart from its secrets. */
    public record Profile(
            String name,
            String region,
            String mediaUrl,
            String controlUrl,
            String turnUrl,
            int capacity,
            String operatorWallet,
            BigDecimal pricePerParticipantMinute) {}

    public void describe(Profile profile) {
        requireNotRemoved();
        this.name = profile.name();
        this.region = profile.region();
        this.mediaUrl = profile.mediaUrl();
        this.controlUrl = profile.controlUrl();
        this.turnUrl = profile.turnUrl();
        this.capacity = profile.capacity();
        this.operatorWallet = profile.operatorWallet();
        this.pricePerParticipantMinute = profile.pricePerParticipantMinute();
    }

    public void replaceSecrets(byte[] adminSecretSealed, byte[] turnSecretSealed) {
        requireNotRemoved();
        if (adminSecretSealed != null) {
            this.adminSecretSealed = adminSecretSealed;
        }
        if (turnSecretSealed != null) {
            this.turnSecretSealed = turnSecretSealed;
        }
    }

    /** Stops giving the node new meetings; answers whether it was active until now. */
    public boolean drain() {
        requireNotRemoved();
        boolean wasActive = state == NodeState.ACTIVE;
        state = NodeState.DRAINING;
        return wasActive;
    }

    /** Puts a draining node back into service. */
    public void activate() {
        requireNotRemoved();
        state = NodeState.ACTIVE;
    }

    public void remove() {
        state = NodeState.REMOVED;
    }

    /**
     * Records one health observation; answers whether the node's health changed (not only its load
     * or round trips).
     */
    public boolean observe(Observation observation) {
        NodeHealthStatus before = health;
        health = observation.health();
        checkedAt = observation.at();
        controlRttMillis = observation.controlRttMillis();
        stunRttMillis = observation.stunRttMillis();
        turnOk = observation.turnOk();
        healthDetail = observation.detail();
        if (observation.software() != null) {
            software = observation.software();
        }
        if (observation.sessions() != null) {
            sessions = observation.sessions();
            rooms = observation.rooms();
            nodeParticipants = observation.participants();
        }
        return before != health;
    }

    /**
     * One look at the node. Load figures are {@code null} when the node did not answer, so the last
     * known ones stay.
     */
    public record Observation(
            Instant at,
            NodeHealthStatus health,
            Integer controlRttMillis,
            Integer stunRttMillis,
            Boolean turnOk,
            String software,
            Integer sessions,
            Integer rooms,
            Integer participants,
            String detail) {}

    /** Whether new meetings may be placed here. */
    public boolean takesMeetings() {
        return state == NodeState.ACTIVE && health == NodeHealthStatus.UP;
    }

    /** The state the API shows: {@code down} wins over what administrators set, unless removed. */
    public String apparentState() {
        if (state != NodeState.REMOVED && health == NodeHealthStatus.DOWN) {
            return "down";
        }
        return state.value();
    }

    private void requireNotRemoved() {
        if (state == NodeState.REMOVED) {
            throw new IllegalStateException("node " + id + " is removed");
        }
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String region() {
        return region;
    }

    public String mediaUrl() {
        return mediaUrl;
    }

    public String controlUrl() {
        return controlUrl;
    }

    public String turnUrl() {
        return turnUrl;
    }

    public byte[] adminSecretSealed() {
        return adminSecretSealed;
    }

    public byte[] turnSecretSealed() {
        return turnSecretSealed;
    }

    public int capacity() {
        return capacity;
    }

    public String operatorWallet() {
        return operatorWallet;
    }

    public BigDecimal pricePerParticipantMinute() {
        return pricePerParticipantMinute;
    }

    public NodeState state() {
        return state;
    }

    public NodeHealthStatus health() {
        return health;
    }

    public Integer controlRttMillis() {
        return controlRttMillis;
    }

    public Integer stunRttMillis() {
        return stunRttMillis;
    }

    public Boolean turnOk() {
        return turnOk;
    }

    public int sessions() {
        return sessions;
    }

    public int rooms() {
        return rooms;
    }

    public int nodeParticipants() {
        return nodeParticipants;
    }

    public String software() {
        return software;
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    public String healthDetail() {
        return healthDetail;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
