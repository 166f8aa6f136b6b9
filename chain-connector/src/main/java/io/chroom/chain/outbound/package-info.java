/**
 * Outbound half of the chain connector: the managed connection factory configured with the JSON-RPC
 * endpoint, the pooled web3j clients and the handles the application holds.
 */
package io.chroom.chain.outbound;
