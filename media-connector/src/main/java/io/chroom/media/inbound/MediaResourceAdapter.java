package io.chroom.media.inbound;

import io.chroom.media.api.NodeEventListener;
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
 * Life cycle of the media connector inside the application server, and its inbound side: each
 * activation of a {@link NodeEventListener} bean runs a {@link NodeWatch} probe loop.
 */
@Connector(
        displayName = "Chroom media connector",
        vendorName = "Chroom",
        eisType = "WebRTC media node",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class MediaResourceAdapter implements jakarta.resource.spi.ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(MediaResourceAdapter.class.getName());

    private final Map<ActivationKey, NodeWatch> watches = new ConcurrentHashMap<>();
    private volatile WorkManager workManager;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        LOG.info("Media connector started");
    }

    @Override
    public void stop() {
        for (ActivationKey key : List.copyOf(watches.keySet())) {
            stopWatch(key);
        }
        workManager = null;
        LOG.info("Media connector stopped");
    }

    WorkManager workManager() {
        return workManager;
    }

    /**
     * Starts the probe loop for a message-driven bean that implements {@link NodeEventListener}.
     * The loop runs as long-running work of the server's work manager until deactivation.
     */
    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        if (!(spec instanceof NodeWatchSpec watchSpec)) {
            throw new NotSupportedException(
                    "The media connector activates only with a NodeWatchSpec, not " + spec);
        }
        WorkManager manager = workManager;
        if (manager == null) {
            throw new ResourceAdapterInternalException("The media connector is not started");
        }
        watchSpec.validate();

        ActivationKey key = new ActivationKey(factory, spec);
        NodeWatch watch = new NodeWatch(factory, watchSpec, manager);
        if (watches.putIfAbsent(key, watch) != null) {
            throw new NotSupportedException("This endpoint is already activated with that spec");
        }
        try {
            manager.startWork(watch, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            watches.remove(key);
            watch.abandon();
            throw e;
        }
    }

    /** Stops the activation's probe loop and waits for its current round to end. */
    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        stopWatch(new ActivationKey(factory, spec));
    }

    private void stopWatch(ActivationKey key) {
        NodeWatch watch = watches.remove(key);
        if (watch == null) {
            return;
        }
        NodeWatchSpec spec = (NodeWatchSpec) key.spec();
        Duration patience = spec.probeTimeout().multipliedBy(6);
        try {
            if (!watch.stop(patience)) {
                LOG.log(
                        Level.WARNING,
                        "The node watch of {0} did not end within {1} ms; it ends after its round",
                        new Object[] {key.factory().getActivationName(), patience.toMillis()});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An activation is named by the factory and the spec the container passed for it. */
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
