package io.chroom.media.inbound;

import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.TurnCredentials;
import io.chroom.media.api.WatchedNode;
import io.chroom.media.outbound.JanusAdminClient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.ResponseCollector;
import org.ice4j.StunException;
import org.ice4j.StunResponseEvent;
import org.ice4j.StunTimeoutEvent;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;
import org.ice4j.security.LongTermCredentialSession;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;

/**
 * Probes one media node the way its users depend on it: the control API answers {@code info}
 * (timed), its STUN/TURN server answers a binding request (timed), and it grants a TURN allocation
 * to time-limited credentials made from the node's shared secret; the allocation is released at
 * once. A node registered without a TURN server is probed through its control API only.
 */
public final class NodeProbe {

    private static final Logger LOG = Logger.getLogger(NodeProbe.class.getName());
    private static final String PROBE_USER = "chroom-probe";
    private static final Duration CREDENTIAL_LIFETIME = Duration.ofMinutes(5);
    private static final byte UDP_TRANSPORT = 17;
    private static final int UNAUTHORIZED = 401;
    private static final int STALE_NONCE = 438;

    static {
        // ice4j's address harvesters would otherwise ask cloud metadata and public STUN servers;
        // the probe uses none of them, and must never send traffic beyond the nodes.
        setUnlessGiven("ice4j.harvest.mapping.aws.enabled", "false");
        setUnlessGiven("ice4j.harvest.mapping.stun.addresses", "");
        setUnlessGiven("ice4j.harvest.udp.use-dynamic-ports", "true");
        setUnlessGiven("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    }

    private final Duration timeout;
    private final Clock clock;

    public NodeProbe(Duration timeout) {
        this(timeout, Clock.systemUTC());
    }

    NodeProbe(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Probes the node; never throws for a node that fails, the answer says how it failed. */
    public NodeHealth probe(WatchedNode node) {
        // ice4j reads its defaults (reference.conf) through the thread's context class loader; on
        // a container's thread that loader does not see the adapter's own libraries.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(NodeProbe.class.getClassLoader());
        try {
            return probeWithOwnLoader(node);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private NodeHealth probeWithOwnLoader(WatchedNode node) {
        long started = System.nanoTime();
        NodeInfo info;
        try (JanusAdminClient client = new JanusAdminClient(node.address(), timeout)) {
            info = client.info();
        } catch (MediaNodeException e) {
            return new NodeHealth(
                    clock.instant(), false, -1, -1, false, null, "control API: " + e.getMessage());
        }
        long controlRtt = millisSince(started);

        if (node.turnServer() == null) {
            return new NodeHealth(clock.instant(), true, controlRtt, -1, false, info, null);
        }

        long stunRtt = -1;
        boolean allocated = false;
        String detail = null;
        try (StunSession stun = new StunSession(serverAddress(node.turnServer()))) {
            stunRtt = stun.binding();
            if (node.turnSecret() == null) {
                detail = "TURN: the node has no shared secret to make credentials from";
            } else {
                stun.allocateAndRelease(
                        TurnCredentials.derive(
                                PROBE_USER,
                                node.turnSecret(),
                                clock.instant().plus(CREDENTIAL_LIFETIME)));
                allocated = true;
            }
        } catch (ProbeFailure | IOException | IllegalArgumentException e) {
            detail = (stunRtt < 0 ? "STUN: " : "TURN: ") + e.getMessage();
        }
        if (detail != null) {
            LOG.log(Level.FINE, "Node {0}: {1}", new Object[] {node.nodeId(), detail});
        }
        return new NodeHealth(clock.instant(), true, controlRtt, stunRtt, allocated, info, detail);
    }

    private static TransportAddress serverAddress(URI turn) {
        // turn:host:port is an opaque URI; its scheme-specific part is host[:port][?transport=..].
        String hostPort = turn.getSchemeSpecificPart().split("\\?", 2)[0];
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 3478 : Integer.parseInt(hostPort.substring(colon + 1));
        return new TransportAddress(host, port, Transport.UDP);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** One UDP socket and one ice4j stack, for the requests of one probe. */
    private final class StunSession implements AutoCloseable {

        private final TransportAddress server;
        private final StunStack stack;
        private final DatagramSocket socket;
        private final TransportAddress local;

        StunSession(TransportAddress server) throws SocketException {
            this.server = server;
            InetAddress source = sourceAddressFor(server);
            this.socket = new DatagramSocket(new InetSocketAddress(source, 0));
            this.local = new TransportAddress(source, socket.getLocalPort(), Transport.UDP);
            this.stack = new StunStack();
            stack.addSocket(new IceUdpSocketWrapper(socket));
        }

        /** Sends a binding request and answers its round trip in milliseconds. */
        long binding() throws IOException, ProbeFailure {
            long started = System.nanoTime();
            Response response = send(MessageFactory.createBindingRequest(), "binding");
            if (!response.isSuccessResponse()) {
                throw new ProbeFailure("binding request answered " + errorOf(response));
            }
            return millisSince(started);
        }

        /**
         * Allocates a relay with long-term credentials, then refreshes it with lifetime 0, which
         * releases it. The first Allocate is answered 401 with the realm and nonce to sign with.
         */
        void allocateAndRelease(TurnCredentials credentials) throws IOException, ProbeFailure {
            Response challenge = send(allocateRequest(), "allocate");
            if (challenge.isSuccessResponse()) {
                throw new ProbeFailure("server allocated without asking for credentials");
            }
            if (errorCode(challenge) != UNAUTHORIZED) {
                throw new ProbeFailure("allocate answered " + errorOf(challenge));
            }
            RealmAttribute realm = (RealmAttribute) challenge.getAttribute(Attribute.REALM);
            NonceAttribute nonce = (NonceAttribute) challenge.getAttribute(Attribute.NONCE);
            if (realm == null || nonce == null) {
                throw new ProbeFailure("allocate challenge carried no realm or nonce");
            }

            LongTermCredentialSession session =
                    new LongTermCredentialSession(
                            new LongTermCredential(credentials.username(), credentials.password()),
                            realm.getRealm());
            session.setNonce(nonce.getNonce());
            stack.getCredentialsManager().registerAuthority(session);
            try {
                Response allocation = send(signed(allocateRequest(), session), "allocate");
                if (!allocation.isSuccessResponse()) {
                    throw new ProbeFailure(
                            "allocate with credentials answered " + errorOf(allocation));
                }
                Response release =
                        send(signed(MessageFactory.createRefreshRequest(0), session), "refresh");
                if (!release.isSuccessResponse() && errorCode(release) != STALE_NONCE) {
                    LOG.log(
                            Level.FINE,
                            "TURN server {0} did not release the probe allocation: {1}",
                            new Object[] {server, errorOf(release)});
                }
            } finally {
                stack.getCredentialsManager().unregisterAuthority(session);
            }
        }

        private Request allocateRequest() {
            return MessageFactory.createAllocateRequest(UDP_TRANSPORT, false);
        }

        private Request signed(Request request, LongTermCredentialSession session)
                throws ProbeFailure {
            try {
                session.addAttributes(request);
                return request;
            } catch (StunException e) {
                throw new ProbeFailure("could not sign the request: " + e.getMessage());
            }
        }

        private Response send(Request request, String what) throws IOException, ProbeFailure {
            CompletableFuture<Response> answer = new CompletableFuture<>();
            ResponseCollector collector =
                    new ResponseCollector() {
                        @Override
                        public void processResponse(StunResponseEvent event) {
                            answer.complete(event.getResponse());
                        }

                        @Override
                        public void processTimeout(StunTimeoutEvent event) {
                            answer.completeExceptionally(
                                    new TimeoutException("no answer to " + what));
                        }
                    };
            var transaction = stack.sendRequest(request, server, local, collector);
            try {
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stack.cancelTransaction(transaction);
                throw new ProbeFailure(
                        "no answer to "
                                + what
                                + " from "
                                + server
                                + " in "
                                + timeout.toMillis()
                                + " ms");
            } catch (ExecutionException e) {
                throw new ProbeFailure(e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProbeFailure("interrupted while waiting for " + what);
            }
        }

        @Override
        public void close() {
            stack.removeSocket(local);
            stack.shutDown();
            socket.close();
        }
    }

    /** The local address the system routes to {@code server} from; nothing is sent. */
    private static InetAddress sourceAddressFor(TransportAddress server) throws SocketException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(server);
            return probe.getLocalAddress();
        }
    }

    private static int errorCode(Message response) {
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        return error == null ? -1 : error.getErrorCode();
    }

    private static String errorOf(Message response) {
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        if (error == null) {
            return "an error without a code";
        }
        String reason = error.getReasonPhrase() == null ? "" : " " + error.getReasonPhrase();
        return "error " + (int) error.getErrorCode() + reason;
    }

    /** A STUN or TURN check failed; the message says how, never with a credential. */
    private static final class ProbeFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ProbeFailure(String message) {
            super(message);
        }
    }
}
