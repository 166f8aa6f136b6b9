package io.chroom.chain.inbound;

import io.chroom.chain.api.ChainEvent;
import io.chroom.chain.api.ChainEventListener;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * The event loop of one endpoint activation, run as one long-running {@link Work}. Each round it
 * asks a fresh endpoint for the application's cursor, reads the logs of the blocks after it that
 * are deep enough ({@code eth_getLogs} over a closed range, never a node-side filter, which can
 * repeat logs), and delivers them in chain order with the last block read. A failed delivery leaves
 * the cursor where it was, so the next round reads the same blocks again.
 */
final class ChainEventFollower implements Work {

    private static final Logger LOG = Logger.getLogger(ChainEventFollower.class.getName());

    private final MessageEndpointFactory endpoints;
    private final ChainEventSpec spec;
    private final EventDecoder decoder = new EventDecoder();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Web3j web3j;

    ChainEventFollower(MessageEndpointFactory endpoints, ChainEventSpec spec) {
        this.endpoints = endpoints;
        this.spec = spec;
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(spec.getRequestTimeoutMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(spec.getRequestTimeoutMillis(), TimeUnit.MILLISECONDS)
                        .followRedirects(false)
                        .build();
        this.web3j = Web3j.build(new HttpService(spec.getRpcUrl(), http));
    }

    @Override
    public void run() {
        LOG.log(
                Level.INFO,
                "Following {0} for {1}",
                new Object[] {spec, endpoints.getActivationName()});
        boolean chainDown = false;
        try {
            while (!isReleased()) {
                boolean behind = false;
                try {
                    behind = round();
                    if (chainDown) {
                        LOG.log(Level.INFO, "The chain answers again at {0}", spec.getRpcUrl());
                        chainDown = false;
                    }
                } catch (IOException e) {
                    if (!chainDown) {
                        LOG.log(
                                Level.WARNING,
                                "The chain at {0} does not answer ({1}); events wait until it does",
                                new Object[] {spec.getRpcUrl(), e.getMessage()});
                        chainDown = true;
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A chain event round failed; the next one retries", e);
                }
                if (!behind && released.await(spec.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            web3j.shutdown();
            finished.countDown();
            LOG.log(
                    Level.INFO,
                    "Stopped following the chain for {0}",
                    endpoints.getActivationName());
        }
    }

    /** One round; answers whether more final blocks wait than one round reads. */
    boolean round() throws IOException {
        MessageEndpoint endpoint;
        try {
            endpoint = endpoints.createEndpoint(null, spec.poll().toMillis());
        } catch (UnavailableException e) {
            LOG.log(Level.FINE, "No message endpoint for chain events this round: {0}", e);
            return false;
        }
        try {
            ChainEventListener listener = (ChainEventListener) endpoint;
            long after = listener.resumeAfter();
            if (after < 0) {
                return false;
            }
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            long lastFinal = head - spec.getConfirmations() + 1;
            if (lastFinal <= after) {
                return false;
            }
            long through = Math.min(lastFinal, after + spec.getMaxBlocksPerRound());
            List<ChainEvent> events = read(after + 1, through);
            listener.onChainEvents(events, through);
            if (!events.isEmpty()) {
                LOG.log(
                        Level.FINE,
                        "Delivered {0} chain events of blocks {1} to {2}",
                        new Object[] {events.size(), after + 1, through});
            }
            return through < lastFinal;
        } finally {
            endpoint.release();
        }
    }

    private List<ChainEvent> read(long from, long through) throws IOException {
        List<Log> logs = new ArrayList<>();
        EthFilter transfers =
                new EthFilter(block(from), block(through), spec.getTokenAddress().toLowerCase());
        transfers.addSingleTopic(EventDecoder.transferTopic());
        transfers.addNullTopic();
        transfers.addSingleTopic(
                "0x" + TypeEncoder.encode(new Address(spec.getTreasuryAddress().toLowerCase())));
        logs.addAll(logs(transfers));
        List<String> others = spec.otherContracts();
        if (!others.isEmpty()) {
            logs.addAll(logs(new EthFilter(block(from), block(through), others)));
        }
        logs.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));

        Map<String, ChainEvent> events = new LinkedHashMap<>();
        for (Log log : logs) {
            decoder.decode(log).ifPresent(event -> events.putIfAbsent(event.id(), event));
        }
        return List.copyOf(events.values());
    }

    private List<Log> logs(EthFilter filter) throws IOException {
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) {
            throw new IOException("eth_getLogs refused: " + answer.getError().getMessage());
        }
        List<Log> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (result.get() instanceof Log log) {
                logs.add(log);
            }
        }
        return logs;
    }

    private static DefaultBlockParameter block(long number) {
        return DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
    }

    private boolean isReleased() {
        return released.getCount() == 0;
    }

    @Override
    public void release() {
        released.countDown();
    }

    boolean stop(Duration patience) throws InterruptedException {
        release();
        return finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    void abandon() {
        release();
        finished.countDown();
    }
}
