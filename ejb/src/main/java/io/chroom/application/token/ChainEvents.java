package io.chroom.application.token;

import io.chroom.chain.api.ChainEvent;
import io.chroom.chain.api.ChainEventListener;
import io.chroom.infrastructure.persistence.JobLeases;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import java.time.Duration;
import java.util.List;

/**
 * Receives the chain connector's confirmed contract events. Every server's connector asks; only the
 * server holding the follow lease is given a cursor, so the chain is read once across the
 * deployment, and another server resumes from the stored cursor when that one stops.
 */
@MessageDriven(messageListenerInterface = ChainEventListener.class)
public class ChainEvents implements ChainEventListener {

    static final String LEASE = "chain-events";
    static final Duration LEASE_LENGTH = Duration.ofSeconds(15);

    @EJB private JobLeases leases;

    @EJB private ChainEventLedger ledger;

    @Override
    public long resumeAfter() {
        if (!leases.hold(LEASE, LEASE_LENGTH)) {
            return -1;
        }
        return ledger.cursor();
    }

    @Override
    public void onChainEvents(List<ChainEvent> events, long throughBlock) {
        ledger.apply(events, throughBlock);
    }
}
