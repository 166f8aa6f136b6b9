package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainException;
import java.net.URI;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * What one chain connection factory is configured with. The signer's credentials are held here and
 * nowhere else; {@link #toString()} leaves them out, so no log line can carry the key.
 */
record ChainSettings(
        URI endpoint,
        int timeoutMillis,
        long chainId,
        Map<ChainCall.Contract, String> contracts,
        String parameters,
        String treasury,
        Credentials signer) {

    String address(ChainCall.Contract contract) {
        String address = contracts.get(contract);
        if (address == null || address.isBlank()) {
            throw new ChainException("No address is configured for the " + contract, null);
        }
        return address;
    }

    /** The signer, or a refusal that says how to configure one. */
    Credentials requireSigner() {
        if (signer == null) {
            throw new io.chroom.chain.api.ChainRejectedException(
                    "No signer is configured: set its key variable or a keystore");
        }
        return signer;
    }

    @Override
    public String toString() {
        return "chain "
                + chainId
                + " at "
                + endpoint
                + (signer == null ? ", no signer" : ", signer " + signer.getAddress());
    }
}
