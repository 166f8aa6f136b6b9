package io.chroom.application.media;

import static io.chroom.application.ApiTime.now;

import io.chroom.application.Callers;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.meeting.MeetingService;
import io.chroom.application.meeting.MeetingView;
import io.chroom.application.webhook.WebhookSecrets;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.meeting.IllegalTransitionException;
import io.chroom.domain.model.meeting.MediaGrant;
import io.chroom.domain.model.meeting.Meeting;
import io.chroom.domain.model.meeting.MeetingPlacement;
import io.chroom.domain.model.meeting.MeetingStatus;
import io.chroom.domain.model.node.MediaNode;
import io.chroom.media.api.TurnCredentials;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets people into a meeting's media: the API's join for integrators, and the joins of the host and
 * participant pages, which hold no API key but the host link's credential or the join link.
 *
 * <p>A join places the meeting on a node if it is not placed yet, grants a fresh token there and
 * answers where to connect. A page that loses its node asks again with its token ({@link #rejoin})
 * and learns where the meeting is now.
 */
@Stateless
@DeclareRoles({Scope.MEETINGS_WRITE_ROLE})
public class JoinService {

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private MediaRooms rooms;

    @EJB private MeetingService meetings;

    @EJB private WebhookSecrets secrets;

    /** {@code POST /api/meetings/{id}/join}: the host or an invited participant. */
    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public JoinView join(String meetingId, JoinRequest request) {
        Meeting meeting = meetings.ownedForMedia(meetingId, callers.current().accountId());
        String participantId = request.participantId();
        boolean host = participantId.equals(meeting.host());
        if (!host && meeting.participant(participantId).isEmpty()) {
            throw new InvalidRequestException(
                    "participant_id",
                    "participant_id must be the host or an invited participant; '"
                            + participantId
                            + "' is neither.");
        }
        return admit(
                meeting, participantId, host ? MediaGrant.Role.HOST : MediaGrant.Role.PARTICIPANT);
    }

    /** The join page: anyone with the join link may come in, under a guest id. */
    @PermitAll
    public JoinView joinAsGuest(String meetingId, String displayName) {
        Meeting meeting = meetings.publicMeeting(meetingId);
        String name = displayName == null ? "" : displayName.strip();
        if (name.length() > 60 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(
                    "name", "name must be at most 60 characters without control characters.");
        }
        String participantId =
                (name.isEmpty() ? "guest" : name.replaceAll("[^A-Za-z0-9_-]", "-"))
                        + "-"
                        + Identifiers.random(6);
        return admit(meeting, participantId, MediaGrant.Role.PARTICIPANT);
    }

    /**
     * The host page: the host link's credential starts the meeting if needed and lets the host in.
     */
    @PermitAll
    public JoinView joinAsHost(String meetingId, String hostToken) {
        Meeting meeting = meetings.hostMeeting(meetingId, hostToken);
        if (meeting.status() == MeetingStatus.CREATED) {
            meetings.startAsHost(meetingId, hostToken);
        }
        return admit(meeting, meeting.host(), MediaGrant.Role.HOST);
    }

    /** Where a participant admitted before connects now; the meeting may have moved meanwhile. */
    @PermitAll
    public JoinView rejoin(String meetingId, String token) {
        Meeting meeting = meetings.publicMeeting(meetingId);
        Instant now = now();
        MediaGrant grant =
                rooms.grantOf(meetingId, token, now)
                        .orElseThrow(() -> new ObjectNotFoundException("media grant", "(token)"));
        MeetingPlacement placement = rooms.ensurePlaced(meeting, now);
        return view(meeting, grant, token, placement, em.find(MediaNode.class, placement.nodeId()));
    }

    @PermitAll
    public void hostMute(
            String meetingId, String hostToken, String participantId, String kind, boolean mute) {
        meetings.hostMeeting(meetingId, hostToken);
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new InvalidRequestException("kind", "kind must be audio or video.");
        }
        rooms.moderate(meetingId, participantId, kind, mute);
    }

    /** Takes a participant out of the meeting: uninvited, media access revoked, disconnected. */
    @PermitAll
    public void hostRemove(String meetingId, String hostToken, String participantId) {
        Meeting meeting = meetings.hostMeeting(meetingId, hostToken);
        if (participantId.equals(meeting.host())) {
            throw new InvalidRequestException("participant_id", "The host cannot remove themself.");
        }
        boolean invited = meeting.participant(participantId).isPresent();
        int revoked = rooms.expel(meetingId, participantId, now());
        if (invited) {
            meeting.remove(participantId);
        }
        if (!invited && revoked == 0) {
            throw new ObjectNotFoundException("participant", participantId);
        }
    }

    @PermitAll
    public MeetingView hostEnd(String meetingId, String hostToken) {
        return meetings.endAsHost(meetingId, hostToken);
    }

    private JoinView admit(Meeting meeting, String participantId, MediaGrant.Role role) {
        if (meeting.status() == MeetingStatus.ENDED
                || meeting.status() == MeetingStatus.CANCELLED) {
            throw new IllegalTransitionException(meeting.status(), "joined");
        }
        Instant now = now();
        MediaRooms.Admission admission =
                rooms.admit(meeting, participantId, role, meeting.hostLinkExpiry(), now);
        return view(
                meeting,
                admission.grant(),
                admission.token(),
                admission.placement(),
                admission.node());
    }

    private JoinView view(
            Meeting meeting,
            MediaGrant grant,
            String token,
            MeetingPlacement placement,
            MediaNode node) {
        return new JoinView(
                meeting.id(),
                grant.participantId(),
                grant.role().value(),
                token,
                grant.expiresAt().truncatedTo(ChronoUnit.SECONDS),
                new JoinView.NodeRef(node.id(), node.mediaUrl(), node.region()),
                new JoinView.RoomRef(placement.roomId(), placement.roomPin()),
                iceServers(node, grant),
                meeting.e2ee(),
                meeting.status().value());
    }

    /** The node's STUN/TURN server with credentials that expire with the grant. */
    private List<IceServer> iceServers(MediaNode node, MediaGrant grant) {
        List<IceServer> servers = new ArrayList<>();
        if (node.turnUrl() == null || node.turnSecretSealed() == null) {
            return servers;
        }
        URI turn = URI.create(node.turnUrl());
        String hostPort = turn.getSchemeSpecificPart();
        TurnCredentials credentials =
                TurnCredentials.derive(
                        grant.participantId(),
                        secrets.unseal(node.turnSecretSealed()),
                        grant.expiresAt());
        servers.add(new IceServer(List.of("stun:" + hostPort), null, null));
        servers.add(
                new IceServer(
                        List.of(
                                "turn:" + hostPort + "?transport=udp",
                                "turn:" + hostPort + "?transport=tcp"),
                        credentials.username(),
                        credentials.password()));
        return servers;
    }
}
