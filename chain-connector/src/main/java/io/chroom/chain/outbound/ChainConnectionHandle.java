package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainHead;
import java.util.function.Function;

/** The handle the application holds; it forwards to whichever managed connection owns it. */
public final class ChainConnectionHandle implements ChainConnection {

    private volatile ChainManagedConnection owner;
    private volatile boolean closed;

    ChainConnectionHandle(ChainManagedConnection owner) {
        this.owner = owner;
    }

    ChainManagedConnection owner() {
        return owner;
    }

    void reassign(ChainManagedConnection newOwner) {
        this.owner = newOwner;
    }

    void invalidate() {
        closed = true;
    }

    @Override
    public ChainHead head() {
        return call(Web3jChainClient::head);
    }

    private <T> T call(Function<Web3jChainClient, T> operation) {
        if (closed) {
            throw new IllegalStateException("The chain connection handle is closed");
        }
        ChainManagedConnection connection = owner;
        try {
            return operation.apply(connection.client());
        } catch (Web3jChainClient.ChainTransportException e) {
            connection.transportFailed(e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.handleClosed(this);
        }
    }
}
