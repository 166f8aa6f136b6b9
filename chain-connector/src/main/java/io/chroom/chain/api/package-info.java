/**
 * What the application sees of the chain connector: a factory of connections to the configured EVM
 * chain and the values they return. No web3j type crosses this boundary.
 */
package io.chroom.chain.api;
