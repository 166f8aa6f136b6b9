package io.chroom.chain.inbound;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/** Life cycle of the chain connector inside the application server. */
@Connector(
        displayName = "Chroom chain connector",
        vendorName = "Chroom",
        eisType = "EVM chain",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class ChainResourceAdapter implements jakarta.resource.spi.ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(ChainResourceAdapter.class.getName());

    private volatile WorkManager workManager;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        LOG.info("Chain connector started");
    }

    @Override
    public void stop() {
        workManager = null;
        LOG.info("Chain connector stopped");
    }

    WorkManager workManager() {
        return workManager;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        throw new NotSupportedException("The chain connector delivers no chain events yet");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {}

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
