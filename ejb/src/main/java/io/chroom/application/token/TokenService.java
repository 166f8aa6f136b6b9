package io.chroom.application.token;

import io.chroom.application.ApiJson;
import io.chroom.application.ApiTime;
import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.ChainUnavailableException;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.StateConflictException;
import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.ChainRejectedException;
import io.chroom.chain.api.Eip712;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Token balances, wallets, the account's prepaid balance and payments. A payment is written, with
 * its debit and its chain transactions, in the transaction of the request; the chain outbox sends
 * it afterwards, so accepting a payment never waits for (or fails with) the chain.
 */
@Stateless
@DeclareRoles({Scope.TOKENS_READ_ROLE, Scope.TOKENS_WRITE_ROLE})
public class TokenService {

    /** Gas of a collection that follows its permit: its estimate would fail before the permit. */
    static final long TRANSFER_FROM_GAS = 120_000;

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private IdempotencyStore idempotency;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    /** Token balance of any address, read from the chain now. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public BalanceView balance(String address) {
        checkAddress("address", address);
        try (ChainConnection connection = chain.getConnection()) {
            BigInteger units = connection.balanceOf(address);
            return new BalanceView(
                    address.toLowerCase(),
                    TokenAmounts.format(units),
                    units.toString(),
                    connection.permitNonce(address).toString());
        } catch (ChainException e) {
            throw new ChainUnavailableException(
                    "The chain does not answer, so balances cannot be read now; retry shortly.");
        }
    }

    /** The chain and the addresses a client needs to sign permits and wallet links. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public NetworkView network() {
        try (ChainConnection connection = chain.getConnection()) {
            ChainNetwork network = connection.network();
            return new NetworkView(
                    network.chainId(),
                    network.token(),
                    network.treasury(),
                    network.signer(),
                    network.governor());
        } catch (ChainException e) {
            throw new ChainUnavailableException("The chain connector is not available.");
        }
    }

    /** The calling account's prepaid balance and linked wallets. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public AccountTokensView account() {
        Caller caller = callers.current();
        return accountView(caller.accountId());
    }

    /**
     * Links a wallet to the calling account, proved by the wallet's EIP-712 signature of
     * WalletLink(account, wallet, nonce) with the account's current link nonce.
     */
    @RolesAllowed(Scope.TOKENS_WRITE_ROLE)
    public AccountTokensView linkWallet(String wallet, String signature) {
        Caller caller = callers.current();
        checkAddress("address", wallet);
        if (signature == null || !signature.matches("0x[0-9a-fA-F]{130}")) {
            throw new InvalidRequestException(
                    "signature", "signature must be 65 bytes of hex with 0x.");
        }
        long nonce =
                ((Number)
                                em.createNativeQuery(
                                                "select wallet_link_nonce from accounts where id ="
                                                        + " ?1 for no key update")
                                        .setParameter(1, caller.accountId())
                                        .getSingleResult())
                        .longValue();
        NetworkView network = network();
        byte[] digest =
                Eip712.walletLink(
                        network.chainId(),
                        network.token(),
                        caller.accountId(),
                        wallet,
                        BigInteger.valueOf(nonce));
        String signer;
        try {
            signer = Eip712.signer(digest, hex(signature));
        } catch (IllegalArgumentException e) {
            signer = null;
        }
        if (!wallet.equalsIgnoreCase(signer)) {
            throw new InvalidRequestException(
                    "signature",
                    "signature is not the wallet's signature of WalletLink(account, wallet,"
                            + " nonce) with link_nonce "
                            + nonce
                            + ".");
        }

        List<?> owner =
                em.createNativeQuery("select account_id from wallet_links where address = ?1")
                        .setParameter(1, wallet.toLowerCase())
                        .getResultList();
        if (!owner.isEmpty() && !caller.accountId().equals(owner.get(0))) {
            throw new StateConflictException(
                    "This wallet is linked to another account; unlink it there first.");
        }
        if (owner.isEmpty()) {
            em.createNativeQuery(
                            "insert into wallet_links (address, account_id, linked_at)"
                                    + " values (?1, ?2, ?3)")
                    .setParameter(1, wallet.toLowerCase())
                    .setParameter(2, caller.accountId())
                    .setParameter(3, Timestamp.from(Instant.now()))
                    .executeUpdate();
        }
        em.createNativeQuery(
                        "update accounts set wallet_link_nonce = wallet_link_nonce + 1 where id ="
                                + " ?1")
                .setParameter(1, caller.accountId())
                .executeUpdate();
        return accountView(caller.accountId());
    }

    @RolesAllowed(Scope.TOKENS_WRITE_ROLE)
    public Created<PaymentView> pay(PaymentRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-payment\n" + ApiJson.JSONB.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(payment(caller.accountId(), earlier.get()), true);
            }
        }

        String id = Identifiers.prefixed("pay_");
        Instant now = Instant.now();
        if (request.method().equals("balance")) {
            payFromBalance(caller.accountId(), id, request, now);
        } else {
            payWithPermit(caller.accountId(), id, request, now);
        }
        if (idempotencyKey != null) {
            idempotency.complete(caller.accountId(), idempotencyKey, id);
        }
        return new Created<>(payment(caller.accountId(), id), false);
    }

    private void payFromBalance(String accountId, String id, PaymentRequest request, Instant now) {
        if (request.to() == null) {
            throw new InvalidRequestException("to", "to is required for a balance payment.");
        }
        if (request.permit() != null) {
            throw new InvalidRequestException(
                    "permit", "permit belongs to permit payments, not to balance payments.");
        }
        BigInteger amount = TokenAmounts.parse("amount", request.amount());
        // The account's row lock orders its debits, so two payments cannot spend one balance. Not
        // FOR UPDATE: the rows this transaction inserts hold key-share locks on the account, and
        // two payments would each wait for the other's.
        em.createNativeQuery("select id from accounts where id = ?1 for no key update")
                .setParameter(1, accountId)
                .getSingleResult();
        BigInteger balance = balanceUnits(accountId);
        if (balance.compareTo(amount) < 0) {
            throw new InvalidRequestException(
                    "amount",
                    "amount is more than the account's balance of "
                            + TokenAmounts.format(balance)
                            + " tokens.");
        }
        insertPayment(id, accountId, "balance", null, request.to(), amount, now);
        TokenLedger.record(em, accountId, "payment", amount.negate(), "payment:" + id, now);
        insertTransaction(id, 0, ChainCall.transfer(request.to(), amount), true, null, now);
    }

    private void payWithPermit(String accountId, String id, PaymentRequest request, Instant now) {
        PaymentRequest.Permit permit = request.permit();
        if (permit == null) {
            throw new InvalidRequestException("permit", "permit is required for a permit payment.");
        }
        if (request.to() != null || request.amount() != null) {
            throw new InvalidRequestException(
                    "to",
                    "A permit payment pays the treasury permit.value; leave out to and amount.");
        }
        BigInteger value = TokenAmounts.parse("permit.value", permit.value());
        if (permit.deadline() <= Instant.now().getEpochSecond()) {
            throw new InvalidRequestException("permit.deadline", "permit.deadline has passed.");
        }
        byte[] signature = hex(permit.signature());
        NetworkView network = network();
        if (network.spender() == null || network.treasury() == null) {
            throw new ChainUnavailableException("The platform has no signer configured.");
        }
        verifyPermitIfChainAnswers(network, permit, value, signature);

        insertPayment(id, accountId, "permit", permit.owner(), network.treasury(), value, now);
        ChainCall relay =
                ChainCall.permit(
                        permit.owner(),
                        network.spender(),
                        value,
                        BigInteger.valueOf(permit.deadline()),
                        signature);
        insertTransaction(id, 0, relay, true, null, now);
        insertTransaction(
                id,
                1,
                ChainCall.transferFrom(permit.owner(), network.treasury(), value),
                false,
                TRANSFER_FROM_GAS,
                now);
    }

    /**
     * Refuses a permit whose signature is not the owner's at the owner's current nonce. When the
     * chain does not answer the payment is accepted all the same: the outbox checks it again (by
     * estimating it) before it takes a nonce, and fails it then if it would revert.
     */
    private void verifyPermitIfChainAnswers(
            NetworkView network, PaymentRequest.Permit permit, BigInteger value, byte[] signature) {
        BigInteger nonce;
        try (ChainConnection connection = chain.getConnection()) {
            nonce = connection.permitNonce(permit.owner());
        } catch (ChainRejectedException e) {
            throw new InvalidRequestException("permit.owner", "The token refused this owner.");
        } catch (ChainException e) {
            return;
        }
        byte[] digest =
                Eip712.permit(
                        network.chainId(),
                        network.token(),
                        permit.owner(),
                        network.spender(),
                        value,
                        nonce,
                        BigInteger.valueOf(permit.deadline()));
        String signer;
        try {
            signer = Eip712.signer(digest, signature);
        } catch (IllegalArgumentException e) {
            signer = null;
        }
        if (!permit.owner().equalsIgnoreCase(signer)) {
            throw new InvalidRequestException(
                    "permit.signature",
                    "permit.signature is not the owner's permit for the platform's signer ("
                            + network.spender()
                            + ") at the owner's permit nonce "
                            + nonce
                            + ".");
        }
    }

    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public PaymentView payment(String id) {
        return payment(callers.current().accountId(), id);
    }

    private PaymentView payment(String accountId, String id) {
        return view(em, accountId, id);
    }

    /** The payment as the API shows it, read in the caller's transaction. */
    static PaymentView view(EntityManager em, String accountId, String id) {
        List<?> rows =
                em.createNativeQuery(
                                "select id, method, state, amount, payer, recipient, failure,"
                                        + " created_at, updated_at from payments where id = ?1"
                                        + " and account_id = ?2")
                        .setParameter(1, id)
                        .setParameter(2, accountId)
                        .getResultList();
        if (rows.isEmpty()) {
            throw new ObjectNotFoundException("payment", id);
        }
        Object[] row = (Object[]) rows.get(0);
        List<PaymentView.TransactionView> transactions =
                em
                        .createNativeQuery(
                                "select state, tx_hash, nonce, block_number from"
                                        + " chain_transactions where payment_id = ?1 order by"
                                        + " step")
                        .setParameter(1, id)
                        .getResultList()
                        .stream()
                        .map(
                                o -> {
                                    Object[] t = (Object[]) o;
                                    return new PaymentView.TransactionView(
                                            (String) t[0],
                                            (String) t[1],
                                            t[2] == null ? null : ((Number) t[2]).longValue(),
                                            t[3] == null ? null : ((Number) t[3]).longValue());
                                })
                        .toList();
        return new PaymentView(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                TokenAmounts.format(units(row[3])),
                (String) row[4],
                (String) row[5],
                transactions,
                (String) row[6],
                ApiTime.seconds(instant(row[7])),
                ApiTime.seconds(instant(row[8])));
    }

    private AccountTokensView accountView(String accountId) {
        long nonce =
                ((Number)
                                em.createNativeQuery(
                                                "select wallet_link_nonce from accounts where id ="
                                                        + " ?1")
                                        .setParameter(1, accountId)
                                        .getSingleResult())
                        .longValue();
        @SuppressWarnings("unchecked")
        List<String> wallets =
                em.createNativeQuery(
                                "select address from wallet_links where account_id = ?1 order by"
                                        + " linked_at, address")
                        .setParameter(1, accountId)
                        .getResultList();
        BigInteger balance = balanceUnits(accountId);
        return new AccountTokensView(
                accountId, TokenAmounts.format(balance), balance.toString(), wallets, nonce);
    }

    private BigInteger balanceUnits(String accountId) {
        Object sum =
                em.createNativeQuery(
                                "select coalesce(sum(amount), 0) from token_ledger_entries where"
                                        + " account_id = ?1")
                        .setParameter(1, accountId)
                        .getSingleResult();
        return units(sum);
    }

    private void insertPayment(
            String id,
            String accountId,
            String method,
            String payer,
            String recipient,
            BigInteger amount,
            Instant now) {
        em.createNativeQuery(
                        "insert into payments (id, account_id, method, state, payer, recipient,"
                                + " amount, created_at, updated_at) values (?1, ?2, ?3, 'pending',"
                                + " ?4, ?5, ?6, ?7, ?7)")
                .setParameter(1, id)
                .setParameter(2, accountId)
                .setParameter(3, method)
                .setParameter(4, payer == null ? null : payer.toLowerCase())
                .setParameter(5, recipient.toLowerCase())
                .setParameter(6, new BigDecimal(amount))
                .setParameter(7, Timestamp.from(now))
                .executeUpdate();
    }

    private void insertTransaction(
            String paymentId, int step, ChainCall call, boolean estimate, Long gas, Instant now) {
        em.createNativeQuery(
                        "insert into chain_transactions (payment_id, step, contract, data,"
                                + " estimate, gas_limit, state, created_at, updated_at) values"
                                + " (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7)")
                .setParameter(1, paymentId)
                .setParameter(2, step)
                .setParameter(3, call.contract().name())
                .setParameter(4, call.data())
                .setParameter(5, estimate)
                .setParameter(6, gas)
                .setParameter(7, Timestamp.from(now))
                .executeUpdate();
    }

    static BigInteger units(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toBigIntegerExact();
        }
        if (value instanceof BigInteger integer) {
            return integer;
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value);
    }

    private static void checkAddress(String field, String address) {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidRequestException(field, field + " must be a 0x-prefixed address.");
        }
    }

    private static byte[] hex(String value) {
        return HexFormat.of().parseHex(value.substring(2));
    }

    /**
     * A token balance on chain.
     *
     * @param address the address, lower case
     * @param balance tokens, a decimal string
     * @param balanceUnits base units, a decimal integer string
     * @param permitNonce the address's next EIP-2612 permit nonce
     */
    public record BalanceView(
            String address, String balance, String balanceUnits, String permitNonce) {}

    /**
     * The chain and contracts of this network.
     *
     * @param chainId EIP-155 chain id
     * @param token token address
     * @param treasury where deposits go
     * @param spender the platform's signer, the spender a permit names
     * @param governor the governor
     */
    public record NetworkView(
            long chainId, String token, String treasury, String spender, String governor) {}

    /**
     * An account's prepaid tokens.
     *
     * @param accountId the account
     * @param balance tokens, a decimal string
     * @param balanceUnits base units
     * @param wallets linked wallet addresses
     * @param walletLinkNonce the nonce the next wallet link signs
     */
    public record AccountTokensView(
            String accountId,
            String balance,
            String balanceUnits,
            List<String> wallets,
            long walletLinkNonce) {}
}
