package io.chroom.interfaces.security;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request comes from, as far as rate limits are concerned: the socket's remote
 * address, unless that is one of the operator's trusted proxies ({@code CHROOM_TRUSTED_PROXIES},
 * CIDRs); then the right-most {@code X-Forwarded-For} entry that is not a trusted proxy. A header
 * from anybody else is ignored, so a client cannot pick its own counter. IPv6 clients count per
 * /64, the smallest network a subscriber usually gets.
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Cidr> trustedProxies;

    ClientAddress(String trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        if (trustedProxies != null) {
            for (String part : trustedProxies.split(",")) {
                if (!part.isBlank()) {
                    parsed.add(Cidr.parse(part.trim()));
                }
            }
        }
        this.trustedProxies = List.copyOf(parsed);
    }

    /** The client's address: the socket's, or what the operator's proxies say it was. */
    String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (!trustedProxies.isEmpty() && trusted(remote)) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (!literal(hop)) {
                        break;
                    }
                    remote = hop;
                    if (!trusted(hop)) {
                        break;
                    }
                }
            }
        }
        return remote;
    }

    private boolean trusted(String address) {
        InetAddress parsed = parse(address);
        return parsed != null && trustedProxies.stream().anyMatch(c -> c.contains(parsed));
    }

    /** The rate limit subject of an address: itself, or for IPv6 its /64. */
    static String subject(String address) {
        InetAddress parsed = parse(address);
        if (parsed == null) {
            return address;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 16) {
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return prefix.append(":/64").toString();
        }
        return parsed.getHostAddress();
    }

    /** Only numeric addresses count; nothing here may trigger a name lookup. */
    private static boolean literal(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        return text.indexOf(':') >= 0
                && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    private static InetAddress parse(String text) {
        if (text == null || !literal(text)) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
    private record Cidr(BigInteger network, int prefix, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress address = ClientAddress.parse(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException(
                        "CHROOM_TRUSTED_PROXIES holds '" + text + "', which is not a CIDR");
            }
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            return new Cidr(
                    new BigInteger(1, address.getAddress()).shiftRight(bits - prefix),
                    prefix,
                    bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length * 8 == bits
                    && new BigInteger(1, bytes).shiftRight(bits - prefix).equals(network);
        }
    }
}
