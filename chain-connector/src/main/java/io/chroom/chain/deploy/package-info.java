/**
 * Deployment of the Chroom contracts to a chain: the development chain that the run and test
 * scripts start, or any EVM chain an operator points it at. Not used by the running server.
 */
package io.chroom.chain.deploy;
