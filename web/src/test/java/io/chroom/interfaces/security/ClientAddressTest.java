package io.chroom.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheSocketAddressIsTheClientWhateverItForwards() {
        ClientAddress addresses = new ClientAddress(null);

        assertEquals("192.0.2.10", addresses.of(request("192.0.2.10", "203.0.113.5")));
        assertEquals("192.0.2.10", addresses.of(request("192.0.2.10", null)));
    }

    @Test
    void aTrustedProxysForwardedForNamesTheFirstUntrustedHopFromTheRight() {
        ClientAddress addresses = new ClientAddress("10.0.0.0/8, 192.168.1.1");

        assertEquals("203.0.113.5", addresses.of(request("10.1.2.3", "203.0.113.5")));
        assertEquals(
                "203.0.113.5",
                addresses.of(request("10.1.2.3", "198.51.100.1, 203.0.113.5, 192.168.1.1")),
                "a client cannot choose its address by prepending one");
        assertEquals("10.9.9.9", addresses.of(request("10.1.2.3", "10.9.9.9")), "all trusted");
        assertEquals(
                "10.1.2.3",
                addresses.of(request("10.1.2.3", "example.com")),
                "a name is never looked up");
    }

    @Test
    void anUntrustedSenderCannotUseForwardedForEvenNamingATrustedProxy() {
        ClientAddress addresses = new ClientAddress("10.0.0.0/8");

        assertEquals("192.0.2.10", addresses.of(request("192.0.2.10", "10.1.2.3")));
    }

    @Test
    void ipv6ClientsCountPerSlash64AndIpv4PerAddress() {
        assertEquals("2001:0db8:0001:0002::/64", ClientAddress.subject("2001:db8:1:2::7"));
        assertEquals(
                ClientAddress.subject("2001:db8:1:2::7"),
                ClientAddress.subject("2001:db8:1:2:ffff::1"));
        assertEquals("192.0.2.10", ClientAddress.subject("192.0.2.10"));
    }

    @Test
    void aTrustedProxyListThatIsNotCidrsStopsTheServer() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress("proxy.example.com"));
    }

    private static HttpServletRequest request(String remote, String forwardedFor) {
        return (HttpServletRequest)
                Proxy.newProxyInstance(
                        ClientAddressTest.class.getClassLoader(),
                        new Class<?>[] {HttpServletRequest.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getRemoteAddr" -> remote;
                                    case "getHeader" ->
                                            "X-Forwarded-For".equalsIgnoreCase((String) args[0])
                                                    ? forwardedFor
                                                    : null;
                                    default -> null;
                                });
    }
}
