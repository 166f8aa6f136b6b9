package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * Creates and matches connections to the one chain endpoint this factory is configured with. The
 * signer's key is never a configuration property: the factory reads it from the environment
 * variable it is told, or from a web3j (Ethereum JSON) keystore whose password is in one.
 */
@ConnectionDefinition(
        connectionFactory = ChainConnectionFactory.class,
        connectionFactoryImpl = PooledChainConnectionFactory.class,
        connection = ChainConnection.class,
        connectionImpl = ChainConnectionHandle.class)
public class ChainManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "JSON-RPC URL of the EVM chain, such as http://127.0.0.1:8545.")
    private String rpcUrl;

    @ConfigProperty(defaultValue = "10000", description = "Milliseconds to wait for an answer.")
    private Integer requestTimeoutMillis = 10000;

    @ConfigProperty(defaultValue = "31337", description = "EIP-155 chain id transactions sign for.")
    private Long chainId = 31337L;

    @ConfigProperty(description = "Address of the Chroom token.")
    private String tokenAddress;

    @ConfigProperty(description = "Address of the node staking contract.")
    private String stakingAddress;

    @ConfigProperty(description = "Address of the rewards distributor.")
    private String rewardsAddress;

    @ConfigProperty(description = "Address of the usage ledger.")
    private String ledgerAddress;

    @ConfigProperty(description = "Address of the network parameters.")
    private String parametersAddress;

    @ConfigProperty(description = "Address of the governor.")
    private String governorAddress;

    @ConfigProperty(description = "Address receiving deposits; empty means the signer's.")
    private String treasuryAddress;

    @ConfigProperty(
            defaultValue = "CHROOM_CHAIN_SIGNER_KEY",
            description = "Environment variable holding the signer's private key (hex).")
    private String signerKeyVariable = "CHROOM_CHAIN_SIGNER_KEY";

    @ConfigProperty(description = "Path of the signer's keystore file, used when set.")
    private String signerKeystore;

    @ConfigProperty(
            defaultValue = "CHROOM_CHAIN_KEYSTORE_PASSWORD",
            description = "Environment variable holding the keystore's password.")
    private String signerKeystorePasswordVariable = "CHROOM_CHAIN_KEYSTORE_PASSWORD";

    private transient volatile ChainSettings settings;
    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    ChainSettings settings() throws ResourceException {
        ChainSettings current = settings;
        if (current == null) {
            synchronized (this) {
                if (settings == null) {
                    settings = load();
                }
                current = settings;
            }
        }
        return current;
    }

    private ChainSettings load() throws ResourceException {
        URI endpoint = endpoint();
        Credentials signer = signer();
        Map<ChainCall.Contract, String> contracts = new EnumMap<>(ChainCall.Contract.class);
        put(contracts, ChainCall.Contract.TOKEN, tokenAddress);
        put(contracts, ChainCall.Contract.STAKING, stakingAddress);
        put(contracts, ChainCall.Contract.REWARDS, rewardsAddress);
        put(contracts, ChainCall.Contract.LEDGER, ledgerAddress);
        put(contracts, ChainCall.Contract.GOVERNOR, governorAddress);
        String treasury =
                treasuryAddress != null && !treasuryAddress.isBlank()
                        ? treasuryAddress.toLowerCase()
                        : signer == null ? null : signer.getAddress();
        return new ChainSettings(
                endpoint,
                requestTimeoutMillis,
                chainId,
                Map.copyOf(contracts),
                parametersAddress == null ? null : parametersAddress.toLowerCase(),
                treasury,
                signer);
    }

    private static void put(
            Map<ChainCall.Contract, String> contracts, ChainCall.Contract contract, String value)
            throws InvalidPropertyException {
        if (value == null || value.isBlank()) {
            return;
        }
        if (!value.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidPropertyException(
                    "The " + contract + " address is not an address: " + value);
        }
        contracts.put(contract, value.toLowerCase());
    }

    private Credentials signer() throws ResourceException {
        try {
            if (signerKeystore != null && !signerKeystore.isBlank()) {
                String password = System.getenv(signerKeystorePasswordVariable);
                if (password == null || !Files.isReadable(Path.of(signerKeystore))) {
                    throw new ResourceAllocationException(
                            "The signer keystore "
                                    + signerKeystore
                                    + " or its password variable "
                                    + signerKeystorePasswordVariable
                                    + " is missing");
                }
                return WalletUtils.loadCredentials(password, signerKeystore);
            }
            String key = System.getenv(signerKeyVariable);
            if (key == null || key.isBlank()) {
                // Reads work without a signer; sending says what is missing.
                return null;
            }
            return Credentials.create(key.trim());
        } catch (ResourceException e) {
            throw e;
        } catch (Exception e) {
            // The cause may quote the key material; only its type is kept.
            throw new ResourceAllocationException(
                    "The signer key could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    URI endpoint() throws InvalidPropertyException {
        if (rpcUrl == null || rpcUrl.isBlank()) {
            throw new InvalidPropertyException("rpcUrl of the chain connection factory is not set");
        }
        URI uri = URI.create(rpcUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new InvalidPropertyException("rpcUrl must be an http or https URL: " + rpcUrl);
        }
        return uri;
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PooledChainConnectionFactory(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new ResourceException(
                "The chain connector runs only inside an application server's connection manager");
    }

    @Override
    public ManagedConnection createManagedConnection(
            Subject subject, ConnectionRequestInfo requestInfo) throws ResourceException {
        return new ChainManagedConnection(new Web3jChainClient(settings()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(
            Set candidates, Subject subject, ConnectionRequestInfo requestInfo) {
        for (Object candidate : candidates) {
            if (candidate instanceof ChainManagedConnection connection && connection.isUsable()) {
                return connection;
            }
        }
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    public String getRpcUrl() {
        return rpcUrl;
    }

    public void setRpcUrl(String rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    public Integer getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public void setRequestTimeoutMillis(Integer requestTimeoutMillis) {
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    public Long getChainId() {
        return chainId;
    }

    public void setChainId(Long chainId) {
        this.chainId = chainId;
    }

    public String getTokenAddress() {
        return tokenAddress;
    }

    public void setTokenAddress(String tokenAddress) {
        this.tokenAddress = tokenAddress;
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

    public String getParametersAddress() {
        return parametersAddress;
    }

    public void setParametersAddress(String parametersAddress) {
        this.parametersAddress = parametersAddress;
    }

    public String getGovernorAddress() {
        return governorAddress;
    }

    public void setGovernorAddress(String governorAddress) {
        this.governorAddress = governorAddress;
    }

    public String getTreasuryAddress() {
        return treasuryAddress;
    }

    public void setTreasuryAddress(String treasuryAddress) {
        this.treasuryAddress = treasuryAddress;
    }

    public String getSignerKeyVariable() {
        return signerKeyVariable;
    }

    public void setSignerKeyVariable(String signerKeyVariable) {
        this.signerKeyVariable = signerKeyVariable;
    }

    public String getSignerKeystore() {
        return signerKeystore;
    }

    public void setSignerKeystore(String signerKeystore) {
        this.signerKeystore = signerKeystore;
    }

    public String getSignerKeystorePasswordVariable() {
        return signerKeystorePasswordVariable;
    }

    public void setSignerKeystorePasswordVariable(String signerKeystorePasswordVariable) {
        this.signerKeystorePasswordVariable = signerKeystorePasswordVariable;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainManagedConnectionFactory that
                && Objects.equals(rpcUrl, that.rpcUrl)
                && Objects.equals(requestTimeoutMillis, that.requestTimeoutMillis)
                && Objects.equals(chainId, that.chainId)
                && Objects.equals(tokenAddress, that.tokenAddress)
                && Objects.equals(stakingAddress, that.stakingAddress)
                && Objects.equals(rewardsAddress, that.rewardsAddress)
                && Objects.equals(ledgerAddress, that.ledgerAddress)
                && Objects.equals(parametersAddress, that.parametersAddress)
                && Objects.equals(governorAddress, that.governorAddress)
                && Objects.equals(treasuryAddress, that.treasuryAddress)
                && Objects.equals(signerKeyVariable, that.signerKeyVariable)
                && Objects.equals(signerKeystore, that.signerKeystore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rpcUrl, chainId, tokenAddress, signerKeyVariable, signerKeystore);
    }
}
