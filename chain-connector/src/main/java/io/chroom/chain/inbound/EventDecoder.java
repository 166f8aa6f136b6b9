package io.chroom.chain.inbound;

import io.chroom.chain.api.ChainEvent;
import io.chroom.chain.contracts.ChroomGovernor;
import io.chroom.chain.contracts.ChroomToken;
import io.chroom.chain.contracts.NetworkParameters;
import io.chroom.chain.contracts.NodeStaking;
import io.chroom.chain.contracts.RewardsDistributor;
import io.chroom.chain.contracts.UsageLedger;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Turns the logs of the Chroom contracts into {@link ChainEvent}s, with the generated wrappers'
 * decoders. Logs of other events (approvals, role changes, ...) are not the application's concern
 * and decode to nothing.
 */
final class EventDecoder {

    private static final Map<String, String> TOPICS = new LinkedHashMap<>();

    static {
        topic(ChroomToken.TRANSFER_EVENT, "token.transfer");
        topic(NodeStaking.STAKED_EVENT, "staking.staked");
        topic(NodeStaking.UNBONDINGSTARTED_EVENT, "staking.unbonding");
        topic(NodeStaking.WITHDRAWN_EVENT, "staking.withdrawn");
        topic(NodeStaking.SLASHED_EVENT, "staking.slashed");
        topic(RewardsDistributor.ROOTPUBLISHED_EVENT, "rewards.published");
        topic(RewardsDistributor.CLAIMED_EVENT, "rewards.claimed");
        topic(UsageLedger.USAGEROOTPUBLISHED_EVENT, "ledger.published");
        topic(ChroomGovernor.PROPOSALCREATED_EVENT, "governance.proposed");
        topic(ChroomGovernor.VOTECAST_EVENT, "governance.voted");
        topic(ChroomGovernor.PROPOSALQUEUED_EVENT, "governance.queued");
        topic(ChroomGovernor.PROPOSALEXECUTED_EVENT, "governance.executed");
        topic(ChroomGovernor.PROPOSALCANCELED_EVENT, "governance.canceled");
        topic(NetworkParameters.PARAMETERCHANGED_EVENT, "parameters.changed");
    }

    private static void topic(Event event, String type) {
        TOPICS.put(EventEncoder.encode(event), type);
    }

    static String transferTopic() {
        return EventEncoder.encode(ChroomToken.TRANSFER_EVENT);
    }

    Optional<ChainEvent> decode(Log log) {
        if (log.getTopics().isEmpty() || Boolean.TRUE.equals(log.isRemoved())) {
            return Optional.empty();
        }
        String type = TOPICS.get(log.getTopics().get(0));
        if (type == null) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        switch (type) {
            case "token.transfer" -> {
                var e = ChroomToken.getTransferEventFromLog(log);
                fields.put("from", e.from);
                fields.put("to", e.to);
                fields.put("value", e.value.toString());
            }
            case "staking.staked" -> {
                var e = NodeStaking.getStakedEventFromLog(log);
                fields.put("operator", e.operator);
                fields.put("amount", e.amount.toString());
                fields.put("total", e.total.toString());
            }
            case "staking.unbonding" -> {
                var e = NodeStaking.getUnbondingStartedEventFromLog(log);
                fields.put("operator", e.operator);
                fields.put("amount", e.amount.toString());
                fields.put("release_time", e.releaseTime.toString());
            }
            case "staking.withdrawn" -> {
                var e = NodeStaking.getWithdrawnEventFromLog(log);
                fields.put("operator", e.operator);
                fields.put("amount", e.amount.toString());
            }
            case "staking.slashed" -> {
                var e = NodeStaking.getSlashedEventFromLog(log);
                fields.put("operator", e.operator);
                fields.put("amount", e.amount.toString());
                fields.put("reason", Numeric.toHexString(e.reason));
            }
            case "rewards.published" -> {
                var e = RewardsDistributor.getRootPublishedEventFromLog(log);
                fields.put("epoch", e.epoch.toString());
                fields.put("root", Numeric.toHexString(e.root));
                fields.put("total", e.total.toString());
                fields.put("operators", e.operators.toString());
            }
            case "rewards.claimed" -> {
                var e = RewardsDistributor.getClaimedEventFromLog(log);
                fields.put("epoch", e.epoch.toString());
                fields.put("operator", e.operator);
                fields.put("amount", e.amount.toString());
            }
            case "ledger.published" -> {
                var e = UsageLedger.getUsageRootPublishedEventFromLog(log);
                fields.put("epoch", e.epoch.toString());
                fields.put("root", Numeric.toHexString(e.root));
                fields.put("records", e.records.toString());
            }
            case "governance.proposed" -> {
                var e = ChroomGovernor.getProposalCreatedEventFromLog(log);
                fields.put("proposal_id", e.proposalId.toString());
                fields.put("proposer", e.proposer);
                fields.put("vote_start", e.voteStart.toString());
                fields.put("vote_end", e.voteEnd.toString());
                fields.put("description", e.description);
                fields.put("targets", String.join(",", e.targets));
                fields.put(
                        "values",
                        String.join(",", e.values.stream().map(BigInteger::toString).toList()));
                fields.put(
                        "calldatas",
                        String.join(",", e.calldatas.stream().map(Numeric::toHexString).toList()));
            }
            case "governance.voted" -> {
                var e = ChroomGovernor.getVoteCastEventFromLog(log);
                fields.put("voter", e.voter);
                fields.put("proposal_id", e.proposalId.toString());
                fields.put("support", e.support.toString());
                fields.put("weight", e.weight.toString());
            }
            case "governance.queued" -> {
                var e = ChroomGovernor.getProposalQueuedEventFromLog(log);
                fields.put("proposal_id", e.proposalId.toString());
                fields.put("eta_seconds", e.etaSeconds.toString());
            }
            case "governance.executed" -> {
                var e = ChroomGovernor.getProposalExecutedEventFromLog(log);
                fields.put("proposal_id", e.proposalId.toString());
            }
            case "governance.canceled" -> {
                var e = ChroomGovernor.getProposalCanceledEventFromLog(log);
                fields.put("proposal_id", e.proposalId.toString());
            }
            case "parameters.changed" -> {
                var e = NetworkParameters.getParameterChangedEventFromLog(log);
                fields.put("name", bytes32Text(e.name));
                fields.put("old_value", e.oldValue.toString());
                fields.put("new_value", e.newValue.toString());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(
                new ChainEvent(
                        type,
                        log.getAddress().toLowerCase(),
                        log.getBlockNumber().longValueExact(),
                        log.getTransactionHash(),
                        log.getLogIndex().longValueExact(),
                        Map.copyOf(fields)));
    }

    /** A short string the contract wrote as bytes32 (its trailing zero bytes dropped). */
    private static String bytes32Text(byte[] value) {
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }
}
