package io.chroom.chain.contracts;

import static io.chroom.chain.deploy.NetworkDeployer.TOKEN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.Eip712;
import io.chroom.chain.api.MerkleTree;
import io.chroom.chain.api.NetworkParameter;
import io.chroom.chain.deploy.NetworkDeployer;
import io.chroom.chain.deploy.NetworkDeployment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * The Chroom contracts on a real EVM (anvil, started by the build): each test deploys a network of
 * its own with the deployer the scripts use, so tests share no state.
 */
class ContractsIT {

    private static final BigInteger FUNDS = TOKEN.multiply(BigInteger.valueOf(50_000_000));

    private DevChain chain;
    private NetworkDeployment network;
    private final Credentials platform = DevChain.account(0);
    private final Credentials alice = DevChain.account(1);
    private final Credentials bob = DevChain.account(2);
    private final Credentials operator = DevChain.account(3);

    @BeforeEach
    void deploy() throws Exception {
        chain = new DevChain();
        NetworkDeployer deployer = new NetworkDeployer(chain.web3j, platform);
        network = deployer.deploy(NetworkDeployer.Settings.development());
        deployer.fund(
                network,
                List.of(alice.getAddress(), bob.getAddress(), operator.getAddress()),
                FUNDS);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private ChroomToken token(Credentials who) {
        return ChroomToken.load(
                network.token(), chain.web3j, chain.transactions(who), DevChain.GAS);
    }

    @Test
    void deploymentWiresGovernanceToEveryParameter() throws Exception {
        NetworkParameters parameters =
                NetworkParameters.load(
                        network.parameters(), chain.web3j, chain.transactions(bob), DevChain.GAS);
        ChroomTimelock timelock =
                ChroomTimelock.load(
                        network.timelock(), chain.web3j, chain.transactions(bob), DevChain.GAS);
        NodeStaking staking =
                NodeStaking.load(
                        network.staking(), chain.web3j, chain.transactions(bob), DevChain.GAS);

        assertEquals(network.timelock(), parameters.owner().send(), "timelock owns parameters");
        assertEquals(network.timelock(), staking.owner().send(), "timelock owns staking");
        assertTrue(
                timelock.hasRole(timelock.PROPOSER_ROLE().send(), network.governor()).send(),
                "the governor proposes to the timelock");
        assertFalse(
                timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE().send(), platform.getAddress())
                        .send(),
                "the deployer gave up timelock administration");
        assertEquals(
                TOKEN.divide(BigInteger.valueOf(1000)),
                parameters.pricePerParticipantMinute().send());
        assertEquals(FUNDS, token(bob).balanceOf(alice.getAddress()).send());
        assertThrows(
                TransactionException.class,
                () -> parameters.setPricePerParticipantMinute(BigInteger.ONE).send(),
                "nobody but the timelock sets a parameter");
    }

    @Test
    void aRelayedPermitLetsThePlatformCollectAPayment() throws Exception {
        BigInteger amount = TOKEN.multiply(BigInteger.valueOf(25));
        BigInteger deadline = BigInteger.valueOf(System.currentTimeMillis() / 1000 + 3600);
        BigInteger nonce = token(alice).nonces(alice.getAddress()).send();
        byte[] digest =
                Eip712.permit(
                        31337,
                        network.token(),
                        alice.getAddress(),
                        platform.getAddress(),
                        amount,
                        nonce,
                        deadline);
        byte[] signature = DevChain.sign(digest, alice);
        assertEquals(alice.getAddress(), Eip712.signer(digest, signature));
        BigInteger treasuryBefore = token(bob).balanceOf(network.treasury()).send();

        ChroomToken relayed = token(platform);
        relayed.permit(
                        alice.getAddress(),
                        platform.getAddress(),
                        amount,
                        deadline,
                        BigInteger.valueOf(signature[64]),
                        slice(signature, 0),
                        slice(signature, 32))
                .send();
        relayed.transferFrom(alice.getAddress(), network.treasury(), amount).send();

        assertEquals(treasuryBefore.add(amount), token(bob).balanceOf(network.treasury()).send());
        assertEquals(FUNDS.subtract(amount), token(bob).balanceOf(alice.getAddress()).send());
        assertThrows(
                TransactionException.class,
                () ->
                        relayed.permit(
                                        alice.getAddress(),
                                        platform.getAddress(),
                                        amount,
                                        deadline,
                                        BigInteger.valueOf(signature[64]),
                                        slice(signature, 0),
                                        slice(signature, 32))
                                .send(),
                "a permit is good once");
    }

    @Test
    void aVoteBySignaturePassesAProposalThatChangesThePrice() throws Exception {
        // Alice holds 5% of the supply: over the 4% quorum once she delegates to herself.
        token(alice).delegate(alice.getAddress()).send();
        chain.mine(1);
        ChroomGovernor governor =
                ChroomGovernor.load(
                        network.governor(), chain.web3j, chain.transactions(bob), DevChain.GAS);
        BigInteger newPrice = TOKEN.divide(BigInteger.valueOf(500));
        String call =
                FunctionEncoder.encode(
                        new Function(
                                "setPricePerParticipantMinute",
                                List.of(new Uint256(newPrice)),
                                List.of()));
        List<String> targets = List.of(network.parameters());
        List<BigInteger> values = List.of(BigInteger.ZERO);
        List<byte[]> calls = List.of(Numeric.hexStringToByteArray(call));
        String description = "Raise the price to 0.002 CHR per participant-minute";
        byte[] descriptionHash = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));

        governor.propose(targets, values, calls, description).send();
        BigInteger id = governor.hashProposal(targets, values, calls, descriptionHash).send();
        assertEquals(
                id,
                ChainCall.proposalId(targets, values, calls, description),
                "the id the API computes before proposing is the governor's");
        assertArrayEquals(
                calls.get(0),
                NetworkParameter.PRICE_PER_PARTICIPANT_MINUTE.setterCall(newPrice),
                "the API's setter call is the contract's");
        chain.mine(2);
        BigInteger nonce = governor.nonces(alice.getAddress()).send();
        byte[] ballot = Eip712.ballot(31337, network.governor(), id, 1, alice.getAddress(), nonce);
        // Bob relays Alice's signed vote; she sends no transaction herself.
        governor.castVoteBySig(id, BigInteger.ONE, alice.getAddress(), DevChain.sign(ballot, alice))
                .send();
        assertTrue(governor.hasVoted(id, alice.getAddress()).send());
        chain.mine(11);
        assertEquals(BigInteger.valueOf(4), governor.state(id).send(), "Succeeded");
        governor.queue(targets, values, calls, descriptionHash).send();
        chain.advanceSeconds(2);
        governor.execute(targets, values, calls, descriptionHash, BigInteger.ZERO).send();

        NetworkParameters parameters =
                NetworkParameters.load(
                        network.parameters(), chain.web3j, chain.transactions(bob), DevChain.GAS);
        assertEquals(newPrice, parameters.pricePerParticipantMinute().send());
        assertEquals(BigInteger.valueOf(7), governor.state(id).send(), "Executed");
    }

    @Test
    void stakeUnbondsAfterTheDelayAndGovernanceSlashes() throws Exception {
        // A staking contract governed by Bob, so that the test slashes without a proposal.
        NodeStaking staking =
                NodeStaking.deploy(
                                chain.web3j,
                                chain.transactions(bob),
                                DevChain.GAS,
                                network.token(),
                                BigInteger.valueOf(60),
                                network.treasury(),
                                bob.getAddress())
                        .send();
        NodeStaking asOperator =
                NodeStaking.load(
                        staking.getContractAddress(),
                        chain.web3j,
                        chain.transactions(operator),
                        DevChain.GAS);
        BigInteger thousand = TOKEN.multiply(BigInteger.valueOf(1000));
        token(operator).approve(staking.getContractAddress(), thousand).send();

        asOperator.stake(thousand).send();
        assertEquals(thousand, staking.stakeOf(operator.getAddress()).send());

        BigInteger four = TOKEN.multiply(BigInteger.valueOf(400));
        asOperator.unbond(four).send();
        assertEquals(thousand.subtract(four), staking.stakeOf(operator.getAddress()).send());
        assertThrows(
                TransactionException.class,
                () -> asOperator.withdraw().send(),
                "no withdrawal before the delay");
        assertThrows(
                TransactionException.class,
                () -> asOperator.slash(operator.getAddress(), four, new byte[32]).send(),
                "only governance slashes");

        BigInteger treasuryBefore = token(bob).balanceOf(network.treasury()).send();
        BigInteger seven = TOKEN.multiply(BigInteger.valueOf(700));
        staking.slash(operator.getAddress(), seven, new byte[32]).send();
        // 600 from the stake, 100 from the unbonding 400.
        assertEquals(BigInteger.ZERO, staking.stakeOf(operator.getAddress()).send());
        assertEquals(treasuryBefore.add(seven), token(bob).balanceOf(network.treasury()).send());

        chain.advanceSeconds(61);
        BigInteger before = token(bob).balanceOf(operator.getAddress()).send();
        asOperator.withdraw().send();
        assertEquals(
                before.add(TOKEN.multiply(BigInteger.valueOf(300))),
                token(bob).balanceOf(operator.getAddress()).send());
    }

    @Test
    void anOperatorClaimsItsRewardWithAProofOnce() throws Exception {
        RewardsDistributor rewards =
                RewardsDistributor.load(
                        network.rewards(), chain.web3j, chain.transactions(platform), DevChain.GAS);
        BigInteger epoch = BigInteger.valueOf(7);
        List<String> operators =
                List.of(
                        operator.getAddress(),
                        alice.getAddress(),
                        bob.getAddress(),
                        DevChain.account(4).getAddress(),
                        DevChain.account(5).getAddress());
        List<byte[]> leaves = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < operators.size(); i++) {
            BigInteger amount = TOKEN.multiply(BigInteger.valueOf(10 + i));
            total = total.add(amount);
            leaves.add(rewardLeaf(epoch, operators.get(i), amount));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        rewards.publishRoot(epoch, tree.root(), total, BigInteger.valueOf(operators.size())).send();
        assertArrayEquals(tree.root(), rewards.rootOf(epoch).send());
        assertThrows(
                TransactionException.class,
                () ->
                        rewards.publishRoot(epoch, tree.root(), BigInteger.ONE, BigInteger.ONE)
                                .send(),
                "one root per epoch");

        RewardsDistributor asOperator =
                RewardsDistributor.load(
                        network.rewards(), chain.web3j, chain.transactions(operator), DevChain.GAS);
        BigInteger ten = TOKEN.multiply(BigInteger.TEN);
        List<byte[]> proof = tree.proof(rewardLeaf(epoch, operator.getAddress(), ten));
        BigInteger before = token(bob).balanceOf(operator.getAddress()).send();

        assertThrows(
                TransactionException.class,
                () -> asOperator.claim(epoch, operator.getAddress(), ten.add(TOKEN), proof).send(),
                "a proof does not fit another amount");
        asOperator.claim(epoch, operator.getAddress(), ten, proof).send();
        assertEquals(before.add(ten), token(bob).balanceOf(operator.getAddress()).send());
        assertThrows(
                TransactionException.class,
                () -> asOperator.claim(epoch, operator.getAddress(), ten, proof).send(),
                "a reward is claimed once");
    }

    @Test
    void theUsageLedgerPublishesOneRootPerEpochThatProofsVerifyAgainst() throws Exception {
        UsageLedger ledger =
                UsageLedger.load(
                        network.ledger(), chain.web3j, chain.transactions(platform), DevChain.GAS);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(
                    MerkleTree.leaf(
                            new MerkleTree.Abi()
                                    .bytes32(
                                            Hash.sha3(
                                                    ("meeting-" + i)
                                                            .getBytes(StandardCharsets.UTF_8)))
                                    .bytes32(Hash.sha3("node-a".getBytes(StandardCharsets.UTF_8)))
                                    .uint256(30 + i)
                                    .uint256(9000)
                                    .encode()));
        }
        MerkleTree tree = MerkleTree.of(records);
        BigInteger epoch = BigInteger.valueOf(3);

        UsageLedger asBob =
                UsageLedger.load(
                        network.ledger(), chain.web3j, chain.transactions(bob), DevChain.GAS);
        assertThrows(
                TransactionException.class,
                () -> asBob.publishRoot(epoch, tree.root(), BigInteger.ONE).send(),
                "only the publisher publishes");
        ledger.publishRoot(epoch, tree.root(), BigInteger.valueOf(records.size())).send();

        for (byte[] record : records) {
            assertTrue(asBob.verify(epoch, record, tree.proof(record)).send());
            assertTrue(MerkleTree.verify(tree.proof(record), tree.root(), record));
        }
        byte[] forged = MerkleTree.leaf(new MerkleTree.Abi().uint256(1).encode());
        assertFalse(asBob.verify(epoch, forged, tree.proof(records.get(0))).send());
        assertThrows(
                TransactionException.class,
                () -> ledger.publishRoot(epoch, tree.root(), BigInteger.ONE).send(),
                "a published root stays");
    }

    /**
     * Settling an epoch is one transaction whatever the number of operators: its gas for 10 and for
     * 1,000 operators is printed and must be the same up to the calldata's zero bytes.
     */
    @Test
    void settlingAnEpochCostsOneTransactionFor10And1000Operators() throws Exception {
        RewardsDistributor rewards =
                RewardsDistributor.load(
                        network.rewards(), chain.web3j, chain.transactions(platform), DevChain.GAS);
        // A first epoch makes the distributor's token balance non-zero, a one-time cost that
        // would otherwise fall on whichever size is measured first.
        byte[] warmUp = rewardLeaf(BigInteger.valueOf(99), bob.getAddress(), TOKEN);
        rewards.publishRoot(BigInteger.valueOf(99), warmUp, TOKEN, BigInteger.ONE).send();
        long[] gas = new long[2];
        long[] claimGas = new long[2];
        int[] sizes = {10, 1000};
        for (int run = 0; run < 2; run++) {
            BigInteger epoch = BigInteger.valueOf(100 + run);
            List<byte[]> leaves = new ArrayList<>();
            BigInteger total = BigInteger.ZERO;
            BigInteger amount = TOKEN.multiply(BigInteger.valueOf(3));
            List<String> operators = new ArrayList<>();
            for (int i = 0; i < sizes[run]; i++) {
                String address = i == 0 ? operator.getAddress() : String.format("0x%040x", i + 1);
                operators.add(address);
                leaves.add(rewardLeaf(epoch, address, amount));
                total = total.add(amount);
            }
            MerkleTree tree = MerkleTree.of(leaves);
            gas[run] =
                    rewards.publishRoot(epoch, tree.root(), total, BigInteger.valueOf(sizes[run]))
                            .send()
                            .getGasUsed()
                            .longValueExact();
            RewardsDistributor asOperator =
                    RewardsDistributor.load(
                            network.rewards(),
                            chain.web3j,
                            chain.transactions(operator),
                            DevChain.GAS);
            claimGas[run] =
                    asOperator
                            .claim(epoch, operator.getAddress(), amount, tree.proof(leaves.get(0)))
                            .send()
                            .getGasUsed()
                            .longValueExact();
        }
        System.out.printf(
                "Epoch settlement: 1 transaction, %d gas for 10 operators, %d gas for 1000"
                        + " (ratio %.3f); a claim: %d gas (10), %d gas (1000)%n",
                gas[0], gas[1], (double) gas[1] / gas[0], claimGas[0], claimGas[1]);
        assertTrue(
                Math.abs(gas[1] - gas[0]) < 1000,
                "the same transaction for 10 and 1000 operators: " + gas[0] + " vs " + gas[1]);
    }

    private static byte[] rewardLeaf(BigInteger epoch, String operator, BigInteger amount) {
        return MerkleTree.leaf(
                new MerkleTree.Abi().uint256(epoch).address(operator).uint256(amount).encode());
    }

    private static byte[] slice(byte[] bytes, int from) {
        byte[] out = new byte[32];
        System.arraycopy(bytes, from, out, 0, 32);
        return out;
    }
}
