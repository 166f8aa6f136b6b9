import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chroom.chain.api.Eip712;
import io.chroom.chain.contracts.ChroomToken;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Payments confirmed per second through the chain outbox of a running server. A fresh wallet,
 * funded by a development account, pays the benchmark account's prepaid balance with a permit;
 * then PAYMENTS balance payments of one token each to fresh addresses are posted by 16 clients at
 * once, and the run is timed from the first request to the last confirmation.
 *
 * <p>Arguments: api-url api-key rpc-url funder-key payments
 */
public final class PaymentLoad {

    static final int CLIENTS = 16;
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    static final ObjectMapper JSON = new ObjectMapper();

    static String api;
    static String key;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        api = args[0];
        key = args[1];
        Web3j web3j = Web3j.build(new HttpService(args[2]));
        Credentials funder = Credentials.create(args[3]);
        int payments = Integer.parseInt(args[4]);
        try {
            fund(web3j, funder, payments);
            run(payments);
        } finally {
            web3j.shutdown();
        }
        System.exit(0);
    }

    /** Puts payments + 10 tokens on the account's prepaid balance, by a permit payment. */
    static void fund(Web3j web3j, Credentials funder, int payments) throws Exception {
        JsonNode network = call("GET", "/api/tokens/network", null);
        long chainId = network.get("chain_id").asLong();
        String token = network.get("token").asText();
        String spender = network.get("spender").asText();
        Credentials wallet = Credentials.create(Keys.createEcKeyPair());
        BigInteger value = TOKEN.multiply(BigInteger.valueOf(payments + 10L));
        ChroomToken.load(
                        token,
                        web3j,
                        new FastRawTransactionManager(
                                web3j,
                                funder,
                                chainId,
                                new PollingTransactionReceiptProcessor(web3j, 200, 300)),
                        new StaticGasProvider(
                                BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(200_000)))
                .transfer(wallet.getAddress(), value)
                .send();
        long deadline = Instant.now().getEpochSecond() + 3600;
        byte[] digest =
                Eip712.permit(
                        chainId,
                        token,
                        wallet.getAddress(),
                        spender,
                        value,
                        BigInteger.ZERO,
                        BigInteger.valueOf(deadline));
        Sign.SignatureData signed = Sign.signMessage(digest, wallet.getEcKeyPair(), false);
        byte[] signature = new byte[65];
        System.arraycopy(signed.getR(), 0, signature, 0, 32);
        System.arraycopy(signed.getS(), 0, signature, 32, 32);
        signature[64] = signed.getV()[0];
        JsonNode permit =
                call(
                        "POST",
                        "/api/tokens/payments",
                        Map.of(
                                "method",
                                "permit",
                                "permit",
                                Map.of(
                                        "owner",
                                        wallet.getAddress(),
                                        "value",
                                        value.divide(TOKEN).toString(),
                                        "deadline",
                                        deadline,
                                        "signature",
                                        "0x" + HexFormat.of().formatHex(signature))));
        String id = permit.get("id").asText();
        Instant until = Instant.now().plusSeconds(120);
        while (!"confirmed".equals(call("GET", "/api/tokens/payments/" + id, null)
                .get("state")
                .asText())) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("the funding payment " + id + " did not confirm");
            }
            Thread.sleep(200);
        }
    }

    static void run(int payments) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> posted = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < payments; i++) {
            posted.add(
                    clients.submit(
                            () -> {
                                String to = "0x" + Keys.getAddress(Keys.createEcKeyPair());
                                return call(
                                                "POST",
                                                "/api/tokens/payments",
                                                Map.of(
                                                        "method",
                                                        "balance",
                                                        "to",
                                                        to,
                                                        "amount",
                                                        "1"),
                                                UUID.randomUUID().toString())
                                        .get("id")
                                        .asText();
                            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : posted) {
            ids.add(id.get());
        }
        long acceptedNanos = System.nanoTime() - started;
        clients.shutdown();

        // Payments confirm about in the order they were accepted: wait for the last one, then
        // check the others, waiting for any that is not confirmed yet. One request at a time, so
        // that the waiting does not load the server it measures.
        Instant until = Instant.now().plusSeconds(300);
        long confirmedNanos = awaitConfirmed(ids.get(ids.size() - 1), until);
        for (String id : ids) {
            if (!"confirmed".equals(state(id))) {
                confirmedNanos = awaitConfirmed(id, until);
            }
        }
        double seconds = (confirmedNanos - started) / 1e9;
        System.out.printf(
                "PAYMENTS %d %.2f %.1f %.2f %.1f%n",
                payments,
                acceptedNanos / 1e9,
                payments / (acceptedNanos / 1e9),
                seconds,
                payments / seconds);
    }

    static String state(String id) throws Exception {
        return call("GET", "/api/tokens/payments/" + id, null).get("state").asText();
    }

    /** When {@code id} was seen confirmed; fails on a failed payment. */
    static long awaitConfirmed(String id, Instant until) throws Exception {
        while (true) {
            String state = state(id);
            if ("confirmed".equals(state)) {
                return System.nanoTime();
            }
            if ("failed".equals(state) || Instant.now().isAfter(until)) {
                throw new IllegalStateException("payment " + id + " is " + state);
            }
            Thread.sleep(100);
        }
    }

    static JsonNode call(String method, String path, Object body) throws Exception {
        return call(method, path, body, null);
    }

    static JsonNode call(String method, String path, Object body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> answer =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
