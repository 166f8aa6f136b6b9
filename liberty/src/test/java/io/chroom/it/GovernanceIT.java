package io.chroom.it;

import static io.chroom.it.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.chroom.chain.api.Eip712;
import io.chroom.chain.contracts.ChroomGovernor;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * A vote by signature relayed by the server passes a proposal, and once the timelock executes it
 * the API answers the new price per participant-minute.
 */
class GovernanceIT {

    @Test
    void aRelayedVoteBySignaturePassesAProposalThatChangesThePrice() throws Exception {
        Chain chain = new Chain();
        try {
            Api.Tenant tenant = Api.newAccount();
            Credentials holder = Chain.account(1);
            String before =
                    as(tenant)
                            .get("/api/governance/parameters")
                            .path("price_per_participant_minute");
            assertEquals("0.001", before, "the deployed price");

            // The holder's 5% of the supply votes once delegated; quorum is 4%.
            chain.tokenAs(holder).delegate(holder.getAddress()).send();
            ChroomGovernor governor = governor(chain, holder);
            String raise =
                    FunctionEncoder.encode(
                            new Function(
                                    "setPricePerParticipantMinute",
                                    List.of(
                                            new Uint256(
                                                    Chain.TOKEN.divide(BigInteger.valueOf(400)))),
                                    List.of()));
            List<String> targets = List.of(Chain.env("CHROOM_CHAIN_PARAMETERS_ADDRESS"));
            List<BigInteger> values = List.of(BigInteger.ZERO);
            List<byte[]> calls = List.of(Numeric.hexStringToByteArray(raise));
            String text = "Price 0.0025 per participant-minute " + System.nanoTime();
            byte[] textHash = Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
            governor.propose(targets, values, calls, text).send();
            BigInteger id = governor.hashProposal(targets, values, calls, textHash).send();
            chain.mine(2);
            assertEquals(BigInteger.ONE, governor.state(id).send(), "the vote is open");

            BigInteger nonce = governor.nonces(holder.getAddress()).send();
            byte[] ballot =
                    Eip712.ballot(
                            31337,
                            Chain.env("CHROOM_CHAIN_GOVERNOR_ADDRESS"),
                            id,
                            1,
                            holder.getAddress(),
                            nonce);
            Response forged = vote(tenant, id, holder, Chain.sign(ballot, Chain.account(2)));
            ProblemAssert.assertProblem(forged, 400);
            Response relayed = vote(tenant, id, holder, Chain.sign(ballot, holder));
            assertEquals(202, relayed.statusCode(), relayed::asString);

            TokensIT.await(
                    () -> {
                        try {
                            return governor.hasVoted(id, holder.getAddress()).send();
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(30),
                    "the relayed vote is counted");
            chain.mine(12);
            assertEquals(BigInteger.valueOf(4), governor.state(id).send(), "Succeeded");
            governor.queue(targets, values, calls, textHash).send();
            chain.advanceSeconds(2);
            governor.execute(targets, values, calls, textHash, BigInteger.ZERO).send();

            String after =
                    as(tenant)
                            .get("/api/governance/parameters")
                            .path("price_per_participant_minute");
            assertNotEquals(before, after);
            assertEquals("0.0025", after, "the API follows the executed change");
        } finally {
            chain.close();
        }
    }

    private static Response vote(
            Api.Tenant tenant, BigInteger id, Credentials voter, byte[] signature) {
        return as(tenant)
                .contentType("application/json")
                .body(
                        Map.of(
                                "voter",
                                voter.getAddress(),
                                "support",
                                1,
                                "signature",
                                "0x" + HexFormat.of().formatHex(signature)))
                .post("/api/governance/proposals/" + id + "/votes");
    }

    private static ChroomGovernor governor(Chain chain, Credentials who) {
        return ChroomGovernor.load(
                Chain.env("CHROOM_CHAIN_GOVERNOR_ADDRESS"),
                chain.web3j,
                new FastRawTransactionManager(
                        chain.web3j,
                        who,
                        31337,
                        new PollingTransactionReceiptProcessor(chain.web3j, 200, 150)),
                new StaticGasProvider(
                        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000)));
    }
}
