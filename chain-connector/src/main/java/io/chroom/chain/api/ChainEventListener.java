package io.chroom.chain.api;

import java.util.List;

/**
 * The message listener interface of the chain connector's inbound side, which a message-driven bean
 * implements to follow the Chroom contracts' events.
 *
 * <p>The cursor is the application's: each round the connector asks {@link #resumeAfter()} where to
 * go on, reads the events of the blocks after it that have the configured number of confirmations,
 * and hands them over with the last block they cover. The bean applies them and stores that block
 * as its cursor in the same transaction, so a restart, a failed delivery or another server taking
 * over resumes exactly there: no event is lost, and de-duplication by {@link ChainEvent#id()} makes
 * a repeated delivery harmless.
 */
public interface ChainEventListener {

    /**
     * The last block whose events are applied; negative when this server should not follow the
     * chain now (another server does).
     */
    long resumeAfter();

    /**
     * The events of blocks {@code resumeAfter() + 1} to {@code throughBlock}, in chain order
     * (possibly none); the bean applies them and moves its cursor to {@code throughBlock}.
     */
    void onChainEvents(List<ChainEvent> events, long throughBlock);
}
