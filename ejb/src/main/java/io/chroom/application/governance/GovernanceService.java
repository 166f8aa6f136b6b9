package io.chroom.application.governance;

import io.chroom.application.ChainUnavailableException;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.token.TokenAmounts;
import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.ChainParameters;
import io.chroom.chain.api.Eip712;
import io.chroom.domain.model.account.Scope;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Relays votes that token holders signed (EIP-712 ballots of the governor) through the chain
 * outbox, so a holder votes without sending a transaction or holding gas; hands out the ballot to
 * sign as a wallet takes it; and reads the network parameters. No parameter is cached: each read
 * asks the chain (one batched request), so an executed change shows on every server at once.
 */
@Stateless
@DeclareRoles({Scope.TOKENS_READ_ROLE, Scope.GOVERNANCE_WRITE_ROLE})
public class GovernanceService {

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    /**
     * A relayed vote.
     *
     * @param voteId the relay's id
     * @param proposalId the proposal
     * @param voter the holder whose votes count
     * @param support 0 against, 1 for, 2 abstain
     * @param state pending until the outbox sends it
     */
    public record VoteView(
            String voteId, String proposalId, String voter, int support, String state) {}

    /**
     * The network parameters as governance last set them, read from the chain now.
     *
     * @param pricePerParticipantMinute tokens, a decimal string
     * @param rewardPerEpoch tokens, a decimal string
     * @param minQualityScore basis points (0 to 10000)
     * @param epochSeconds epoch length
     * @param minimumStake tokens, a decimal string
     */
    public record ParametersView(
            String pricePerParticipantMinute,
            String rewardPerEpoch,
            int minQualityScore,
            long epochSeconds,
            String minimumStake) {}

    @PermitAll
    public ParametersView parameters() {
        try (ChainConnection connection = chain.getConnection()) {
            ChainParameters p = connection.parameters();
            return new ParametersView(
                    TokenAmounts.format(p.pricePerParticipantMinute()),
                    TokenAmounts.format(p.rewardPerEpoch()),
                    p.minQualityScore(),
                    p.epochSeconds(),
                    TokenAmounts.format(p.minimumStake()));
        } catch (ChainException e) {
            throw new ChainUnavailableException(
                    "The chain does not answer, so its parameters cannot be read now; retry"
                            + " shortly.");
        }
    }

    /**
     * The ballot {@code voter} signs to cast {@code support} on a proposal, as EIP-712 typed data
     * for a wallet's {@code eth_signTypedData_v4}: the governor's domain and the voter's current
     * governor nonce. Numbers beyond JavaScript's safe range (the proposal id, the nonce) are
     * decimal strings, which wallets accept for uint256.
     */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public JsonObject ballot(String proposalId, String support, String voter) {
        BigInteger proposal = proposalId(proposalId, "proposal_id");
        if (support == null || !support.matches("[012]")) {
            throw new InvalidRequestException(
                    "support", "support must be 0 (against), 1 (for) or 2 (abstain).");
        }
        if (voter == null || !voter.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidRequestException("voter", "voter must be a 0x-prefixed address.");
        }
        ChainNetwork network;
        BigInteger nonce;
        try (ChainConnection connection = chain.getConnection()) {
            network = connection.network();
            nonce = connection.governorNonce(voter);
        } catch (ChainException e) {
            throw new ChainUnavailableException(
                    "The chain does not answer, so the voter's governor nonce cannot be read now;"
                            + " retry shortly.");
        }
        return Json.createObjectBuilder()
                .add(
                        "types",
                        Json.createObjectBuilder()
                                .add(
                                        "EIP712Domain",
                                        fields(
                                                "name", "string",
                                                "version", "string",
                                                "chainId", "uint256",
                                                "verifyingContract", "address"))
                                .add(
                                        "Ballot",
                                        fields(
                                                "proposalId", "uint256",
                                                "support", "uint8",
                                                "voter", "address",
                                                "nonce", "uint256")))
                .add(
                        "domain",
                        Json.createObjectBuilder()
                                .add("name", Eip712.GOVERNOR_DOMAIN)
                                .add("version", "1")
                                .add("chainId", network.chainId())
                                .add("verifyingContract", network.governor()))
                .add("primaryType", "Ballot")
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("proposalId", proposal.toString())
                                .add("support", Integer.parseInt(support))
                                .add("voter", voter.toLowerCase(Locale.ROOT))
                                .add("nonce", nonce.toString()))
                .build();
    }

    private static JsonArrayBuilder fields(String... namesAndTypes) {
        JsonArrayBuilder fields = Json.createArrayBuilder();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.add(
                    Json.createObjectBuilder()
                            .add("name", namesAndTypes[i])
                            .add("type", namesAndTypes[i + 1]));
        }
        return fields;
    }

    private static BigInteger proposalId(String value, String field) {
        if (value != null && value.matches("\\d{1,78}")) {
            BigInteger id = new BigInteger(value);
            if (id.bitLength() <= 256) {
                return id;
            }
        }
        throw new InvalidRequestException(field, "A proposal id is a decimal number (uint256).");
    }

    @RolesAllowed(Scope.GOVERNANCE_WRITE_ROLE)
    public VoteView relayVote(String proposalId, String voter, Integer support, String signature) {
        BigInteger proposal = proposalId(proposalId, "id");
        if (voter == null || !voter.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidRequestException("voter", "voter must be a 0x-prefixed address.");
        }
        if (support == null || support < 0 || support > 2) {
            throw new InvalidRequestException(
                    "support", "support must be 0 (against), 1 (for) or 2 (abstain).");
        }
        if (signature == null || !signature.matches("0x[0-9a-fA-F]{130}")) {
            throw new InvalidRequestException(
                    "signature", "signature must be 65 bytes of hex with 0x.");
        }
        byte[] signed = HexFormat.of().parseHex(signature.substring(2));
        checkBallot(proposal, voter, support, signed);

        ChainCall call = ChainCall.castVoteBySig(proposal, support, voter, signed);
        Timestamp now = Timestamp.from(Instant.now());
        Number id =
                (Number)
                        em.createNativeQuery(
                                        "insert into chain_transactions (step, contract, data,"
                                                + " estimate, state, created_at, updated_at)"
                                                + " values (0, ?1, ?2, true, 'pending', ?3, ?3)"
                                                + " returning id")
                                .setParameter(1, call.contract().name())
                                .setParameter(2, call.data())
                                .setParameter(3, now)
                                .getSingleResult();
        return new VoteView("vote_" + id, proposalId, voter.toLowerCase(), support, "pending");
    }

    /**
     * Refuses a ballot that is not the voter's at the voter's current governor nonce. When the
     * chain does not answer the vote is queued all the same; the outbox estimates it before it
     * takes a nonce and drops it then if the governor would refuse it.
     */
    private void checkBallot(BigInteger proposal, String voter, int support, byte[] signature) {
        try (ChainConnection connection = chain.getConnection()) {
            ChainNetwork network = connection.network();
            BigInteger nonce = connection.governorNonce(voter);
            byte[] digest =
                    Eip712.ballot(
                            network.chainId(), network.governor(), proposal, support, voter, nonce);
            String signer;
            try {
                signer = Eip712.signer(digest, signature);
            } catch (IllegalArgumentException e) {
                signer = null;
            }
            if (!voter.equalsIgnoreCase(signer)) {
                throw new InvalidRequestException(
                        "signature",
                        "signature is not the voter's ballot for this proposal and support at"
                                + " the voter's nonce "
                                + nonce
                                + ".");
            }
        } catch (ChainException e) {
            // Checked again by the outbox.
        }
    }
}
