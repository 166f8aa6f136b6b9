package io.chroom.application.webhook;

import io.chroom.application.InvalidRequestException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides which URLs Chroom may call on a customer's or an operator's behalf (webhook targets,
 * media nodes' URLs). A target must be HTTPS and resolve only to public addresses: never loopback,
 * link-local (cloud metadata lives there), private, carrier-grade NAT, multicast or unspecified
 * ones. An operator can allow-list networks with {@code CHROOM_OUTBOUND_ALLOWLIST} (comma-separated
 * CIDRs, such as {@code 10.0.0.0/8}); an allow-listed target may also use plain HTTP.
 *
 * <p>The address is checked when the subscription is saved and again before each delivery, which
 * narrows but does not close DNS rebinding: the HTTP client resolves the name once more.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookTargets {

    @Inject
    @ConfigProperty(name = "chroom.outbound.allowlist")
    private Optional<String> allowlist;

    private volatile List<Cidr> allowed = List.of();

    /** A target refused at delivery time; the delivery fails and is retried like any other. */
    public static class RefusedTargetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedTargetException(String message) {
            super(message);
        }
    }

    @PostConstruct
    void init() {
        List<Cidr> parsed = new ArrayList<>();
        for (String part : allowlist.orElse("").split(",")) {
            if (!part.isBlank()) {
                parsed.add(Cidr.parse(part.trim()));
            }
        }
        allowed = List.copyOf(parsed);
    }

    /** Checks a URL a customer registers; a refusal is a 400 on field {@code url}. */
    public URI checkForRegistration(String url) {
        return checkForRegistration("url", url);
    }

    /** Checks a URL registered in the request field {@code field}, such as a node's control URL. */
    public URI checkForRegistration(String field, String url) {
        String problem = problem(field, url);
        if (problem != null) {
            throw new InvalidRequestException(field, problem);
        }
        return URI.create(url);
    }

    /** Checks a stored URL again just before a delivery; a refusal fails that attempt. */
    public URI checkForDelivery(String url) {
        String problem = problem("url", url);
        if (problem != null) {
            throw new RefusedTargetException("target refused: " + problem);
        }
        return URI.create(url);
    }

    private String problem(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return field + " must be an absolute https URL.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))
                || url.length() > 2048) {
            return field
                    + " must be an absolute https URL without credentials, at most 2048"
                    + " characters.";
        }

        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return field + "'s host " + uri.getHost() + " does not resolve.";
        }
        boolean allAllowListed = true;
        for (InetAddress address : addresses) {
            boolean listed = allowed.stream().anyMatch(c -> c.contains(address));
            allAllowListed &= listed;
            if (!listed && !isPublic(address)) {
                return field
                        + "'s host resolves to "
                        + address.getHostAddress()
                        + ", a loopback, private, link-local or otherwise non-public address.";
            }
        }
        if (scheme.equals("http") && !allAllowListed) {
            return field + " must use https.";
        }
        return null;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // this network
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 224; // multicast and reserved
        }
        int top = b[0] & 0xff;
        return (top & 0xfe) != 0xfc; // unique local fc00::/7
    }

    /** A network in CIDR notation. */
    record Cidr(BigInteger network, int prefix, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.split("/");
            try {
                InetAddress address = InetAddress.getByName(parts[0]);
                int bits = address.getAddress().length * 8;
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
                return new Cidr(new BigInteger(1, address.getAddress()), prefix, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "CHROOM_OUTBOUND_ALLOWLIST holds '" + text + "', which is not a CIDR", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] raw = address.getAddress();
            if (raw.length * 8 != bits) {
                return false;
            }
            BigInteger value = new BigInteger(1, raw);
            int shift = bits - prefix;
            return value.shiftRight(shift).equals(network.shiftRight(shift));
        }
    }
}
