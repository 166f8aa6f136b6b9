package io.chroom.chain.api;

/** An application-level handle on the chain endpoint; close it to return it to the pool. */
public interface ChainConnection extends AutoCloseable {

    /** Asks the endpoint for its chain id and latest block. */
    ChainHead head();

    @Override
    void close();
}
