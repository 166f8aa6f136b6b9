package io.chroom.chain.inbound;

import io.chroom.chain.api.ChainEventListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which chain and contracts a message-driven bean follows, how often, and how deep a block must be
 * before its events count. Token transfers are delivered only when they reach the treasury.
 */
@Activation(messageListeners = ChainEventListener.class)
public class ChainEventSpec implements ActivationSpec, ResourceAdapterAssociation, Serializable {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "JSON-RPC URL of the EVM chain.")
    private String rpcUrl;

    @ConfigProperty(defaultValue = "2000", description = "Milliseconds between rounds.")
    private Integer pollMillis = 2000;

    @ConfigProperty(
            defaultValue = "12",
            description = "Blocks, its own included, that must hold an event's block.")
    private Integer confirmations = 12;

    @ConfigProperty(defaultValue = "2000", description = "Most blocks read in one round.")
    private Integer maxBlocksPerRound = 2000;

    @ConfigProperty(defaultValue = "10000", description = "Milliseconds to wait for an answer.")
    private Integer requestTimeoutMillis = 10000;

    @ConfigProperty(description = "Address of the Chroom token.")
    private String tokenAddress;

    @ConfigProperty(description = "Address receiving deposits.")
    private String treasuryAddress;

    @ConfigProperty(description = "Address of the node staking contract.")
    private String stakingAddress;

    @ConfigProperty(description = "Address of the rewards distributor.")
    private String rewardsAddress;

    @ConfigProperty(description = "Address of the usage ledger.")
    private String ledgerAddress;

    @ConfigProperty(description = "Address of the governor.")
    private String governorAddress;

    @ConfigProperty(description = "Address of the network parameters.")
    private String parametersAddress;

    private transient ResourceAdapter resourceAdapter;

    @Override
    public void validate() throws InvalidPropertyException {
        if (rpcUrl == null || !rpcUrl.matches("https?://.+")) {
            throw new InvalidPropertyException("rpcUrl must be an http or https URL: " + rpcUrl);
        }
        if (pollMillis == null || pollMillis < 100) {
            throw new InvalidPropertyException("pollMillis must be at least 100");
        }
        if (confirmations == null || confirmations < 1) {
            throw new InvalidPropertyException("confirmations must be at least 1");
        }
        if (maxBlocksPerRound == null || maxBlocksPerRound < 1) {
            throw new InvalidPropertyException("maxBlocksPerRound must be at least 1");
        }
        checkAddress("tokenAddress", tokenAddress);
        checkAddress("treasuryAddress", treasuryAddress);
        checkAddress("stakingAddress", stakingAddress);
        checkAddress("rewardsAddress", rewardsAddress);
        checkAddress("ledgerAddress", ledgerAddress);
        checkAddress("governorAddress", governorAddress);
        checkAddress("parametersAddress", parametersAddress);
    }

    /** Whether the token and the treasury are configured; without them there is no follow. */
    boolean isConfigured() {
        return tokenAddress != null
                && !tokenAddress.isBlank()
                && treasuryAddress != null
                && !treasuryAddress.isBlank();
    }

    private static void checkAddress(String name, String value) throws InvalidPropertyException {
        if (value == null || value.isBlank()) {
            return;
        }
        if (!value.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidPropertyException(name + " is not an address: " + value);
        }
    }

    URI endpoint() {
        return URI.create(rpcUrl);
    }

    Duration poll() {
        return Duration.ofMillis(pollMillis);
    }

    /** The contracts whose every event of interest is delivered (the token's are filtered). */
    List<String> otherContracts() {
        List<String> addresses = new ArrayList<>();
        for (String address :
                new String[] {
                    stakingAddress,
                    rewardsAddress,
                    ledgerAddress,
                    governorAddress,
                    parametersAddress
                }) {
            if (address != null && !address.isBlank()) {
                addresses.add(address.toLowerCase());
            }
        }
        return addresses;
    }

    public String getRpcUrl() {
        return rpcUrl;
    }

    public void setRpcUrl(String rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    public Integer getPollMillis() {
        return pollMillis;
    }

    public void setPollMillis(Integer pollMillis) {
        this.pollMillis = pollMillis;
    }

    public Integer getConfirmations() {
        return confirmations;
    }

    public void setConfirmations(Integer confirmations) {
        this.confirmations = confirmations;
    }

    public Integer getMaxBlocksPerRound() {
        return maxBlocksPerRound;
    }

    public void setMaxBlocksPerRound(Integer maxBlocksPerRound) {
        this.maxBlocksPerRound = maxBlocksPerRound;
    }

    public Integer getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public void setRequestTimeoutMillis(Integer requestTimeoutMillis) {
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    public String getTokenAddress() {
        return tokenAddress;
    }

    public void setTokenAddress(String tokenAddress) {
        this.tokenAddress = tokenAddress;
    }

    public String getTreasuryAddress() {
        return treasuryAddress;
    }

    public void setTreasuryAddress(String treasuryAddress) {
        this.treasuryAddress = treasuryAddress;
    }

    public String getStakingAddress() {
        return stakingAddress;
    }

    public void setStakingAddress(String stakingAddress) {
        this.stakingAddress = stakingAddress;
    }

    public String getRewardsAddress() {
        return rewardsAddress;
    }

    public void setRewardsAddress(String rewardsAddress) {
        this.rewardsAddress = rewardsAddress;
    }

    public String getLedgerAddress() {
        return ledgerAddress;
    }

    public void setLedgerAddress(String ledgerAddress) {
        this.ledgerAddress = ledgerAddress;
    }

    public String getGovernorAddress() {
        return governorAddress;
    }

    public void setGovernorAddress(String governorAddress) {
        this.governorAddress = governorAddress;
    }

    public String getParametersAddress() {
        return parametersAddress;
    }

    public void setParametersAddress(String parametersAddress) {
        this.parametersAddress = parametersAddress;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public String toString() {
        return "chain events from "
                + rpcUrl
                + " every "
                + pollMillis
                + " ms at "
                + confirmations
                + " confirmations";
    }
}
