package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainHead;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/** One web3j client over HTTP: the physical connection the container pools. */
final class Web3jChainClient implements AutoCloseable {

    private final URI endpoint;
    private final Web3j web3j;

    Web3jChainClient(URI endpoint, int timeoutMillis) {
        this.endpoint = endpoint;
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                        .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                        .followRedirects(false)
                        .build();
        this.web3j = Web3j.build(new HttpService(endpoint.toString(), http));
    }

    ChainHead head() {
        long chainId = send(web3j.ethChainId()).getChainId().longValueExact();
        long block = send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
        return new ChainHead(chainId, block);
    }

    private <T extends Response<?>> T send(Request<?, T> request) {
        try {
            T response = request.send();
            if (response.hasError()) {
                throw new ChainException(
                        "Chain endpoint "
                                + endpoint
                                + " refused the call: "
                                + response.getError().getMessage(),
                        null);
            }
            return response;
        } catch (IOException e) {
            throw new ChainTransportException(endpoint, e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** The endpoint could not be reached; the managed connection must not be reused. */
    static final class ChainTransportException extends ChainException {
        private static final long serialVersionUID = 1L;

        ChainTransportException(URI endpoint, IOException cause) {
            super("Chain endpoint " + endpoint + " did not answer: " + cause.getMessage(), cause);
        }
    }
}
