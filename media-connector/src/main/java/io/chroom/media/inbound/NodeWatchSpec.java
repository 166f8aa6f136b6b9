package io.chroom.media.inbound;

import io.chroom.media.api.NodeEventListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import java.time.Duration;

/**
 * How a message-driven bean wants its nodes watched. With the defaults, a node that stops answering
 * is reported DOWN after two failed rounds, at most about twelve seconds after its last good probe.
 */
@Activation(messageListeners = NodeEventListener.class)
public class NodeWatchSpec implements ActivationSpec, ResourceAdapterAssociation, Serializable {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(defaultValue = "5000", description = "Milliseconds between probe rounds.")
    private Integer intervalMillis = 5000;

    @ConfigProperty(
            defaultValue = "2000",
            description = "Milliseconds each check of a node (control API, STUN, TURN) may take.")
    private Integer probeTimeoutMillis = 2000;

    @ConfigProperty(
            defaultValue = "2",
            description = "Failed rounds in a row after which a node is reported DOWN.")
    private Integer failuresBeforeDown = 2;

    private transient ResourceAdapter resourceAdapter;

    public Integer getIntervalMillis() {
        return intervalMillis;
    }

    public void setIntervalMillis(Integer intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    public Integer getProbeTimeoutMillis() {
        return probeTimeoutMillis;
    }

    public void setProbeTimeoutMillis(Integer probeTimeoutMillis) {
        this.probeTimeoutMillis = probeTimeoutMillis;
    }

    public Integer getFailuresBeforeDown() {
        return failuresBeforeDown;
    }

    public void setFailuresBeforeDown(Integer failuresBeforeDown) {
        this.failuresBeforeDown = failuresBeforeDown;
    }

    Duration interval() {
        return Duration.ofMillis(intervalMillis);
    }

    Duration probeTimeout() {
        return Duration.ofMillis(probeTimeoutMillis);
    }

    @Override
    public void validate() throws InvalidPropertyException {
        if (intervalMillis == null || intervalMillis < 100) {
            throw new InvalidPropertyException("intervalMillis must be at least 100");
        }
        if (probeTimeoutMillis == null || probeTimeoutMillis < 50) {
            throw new InvalidPropertyException("probeTimeoutMillis must be at least 50");
        }
        if (probeTimeoutMillis >= intervalMillis) {
            throw new InvalidPropertyException("probeTimeoutMillis must be below intervalMillis");
        }
        if (failuresBeforeDown == null || failuresBeforeDown < 1) {
            throw new InvalidPropertyException("failuresBeforeDown must be at least 1");
        }
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
        return "NodeWatchSpec[interval="
                + intervalMillis
                + "ms, probeTimeout="
                + probeTimeoutMillis
                + "ms, failuresBeforeDown="
                + failuresBeforeDown
                + "]";
    }
}
