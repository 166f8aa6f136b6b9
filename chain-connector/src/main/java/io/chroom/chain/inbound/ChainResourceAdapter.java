package io.chroom.chain.inbound;

import io.chroom.chain.api.ChainEventListener;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * Life cycle of the chain connector inside the application server, and its inbound side: each
 * activation of a {@link ChainEventListener} bean runs a {@link ChainEventFollower}.
 */
@Connector(
        displayName = "Chroom chain connector",
        vendorName = "Chroom",
        eisType = "EVM chain",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class ChainResourceAdapter implements jakarta.resource.spi.ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(ChainResourceAdapter.class.getName());

    private final Map<ActivationKey, ChainEventFollower> followers = new ConcurrentHashMap<>();
    private volatile WorkManager workManager;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        LOG.info("Chain connector started");
    }

    @Override
    public void stop() {
        for (ActivationKey key : List.copyOf(followers.keySet())) {
            stopFollower(key);
        }
        workManager = null;
        LOG.info("Chain connector stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        if (!(spec instanceof ChainEventSpec eventSpec)) {
            throw new NotSupportedException(
                    "The chain connector activates only with a ChainEventSpec, not " + spec);
        }
        WorkManager manager = workManager;
        if (manager == null) {
            throw new ResourceAdapterInternalException("The chain connector is not started");
        }
        eventSpec.validate();
        if (!eventSpec.isConfigured()) {
            LOG.log(
                    Level.WARNING,
                    "Chain events are not followed for {0}: no token or treasury address is"
                            + " configured",
                    factory.getActivationName());
            return;
        }

        ActivationKey key = new ActivationKey(factory, spec);
        ChainEventFollower follower = new ChainEventFollower(factory, eventSpec);
        if (followers.putIfAbsent(key, follower) != null) {
            throw new NotSupportedException("This endpoint is already activated with that spec");
        }
        try {
            manager.startWork(follower, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            followers.remove(key);
            follower.abandon();
            throw e;
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        stopFollower(new ActivationKey(factory, spec));
    }

    private void stopFollower(ActivationKey key) {
        ChainEventFollower follower = followers.remove(key);
        if (follower == null) {
            return;
        }
        ChainEventSpec spec = (ChainEventSpec) key.spec();
        Duration patience = Duration.ofMillis(spec.getRequestTimeoutMillis() * 3L);
        try {
            if (!follower.stop(patience)) {
                LOG.log(
                        Level.WARNING,
                        "The chain follower of {0} did not end within {1} ms; it ends after its"
                                + " round",
                        new Object[] {key.factory().getActivationName(), patience.toMillis()});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record ActivationKey(MessageEndpointFactory factory, ActivationSpec spec) {}

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
