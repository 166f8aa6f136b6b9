package io.chroom.infrastructure.connectors;

import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainHead;
import io.chroom.media.api.MediaNodeConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Checks at start-up that both connectors are deployed and bound, and says whether the chain
 * endpoint answers. A chain that does not answer does not stop the server: nothing it serves yet
 * needs the chain, and the operator is told in the log.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConnectorCheck {

    private static final Logger LOG = Logger.getLogger(ConnectorCheck.class.getName());

    @Resource(lookup = "eis/chroom/media-nodes")
    private MediaNodeConnectionFactory mediaNodes;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    @Resource private ManagedExecutorService executor;

    private volatile ChainHead lastHead;

    @PostConstruct
    void check() {
        LOG.info(() -> "Media connector bound: " + mediaNodes.getClass().getSimpleName());
        executor.submit(this::probeChain);
    }

    /** Asks the chain for its head; answers empty when the endpoint does not answer. */
    public Optional<ChainHead> chainHead() {
        return Optional.ofNullable(probeChain());
    }

    private ChainHead probeChain() {
        try (ChainConnection connection = chain.getConnection()) {
            ChainHead head = connection.head();
            if (lastHead == null) {
                LOG.info(
                        () ->
                                "Chain connector bound: chain "
                                        + head.chainId()
                                        + " at block "
                                        + head.blockNumber());
            }
            lastHead = head;
            return head;
        } catch (ChainException e) {
            LOG.warning(
                    "Chain endpoint does not answer ("
                            + e.getMessage()
                            + "); chain features wait until it does");
            return null;
        }
    }
}
