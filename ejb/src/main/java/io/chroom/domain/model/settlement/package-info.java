/**
 * Settlement of an epoch: how the epoch's reward is shared among the operators whose nodes served
 * its participant-minutes at the network's minimum quality.
 */
package io.chroom.domain.model.settlement;
