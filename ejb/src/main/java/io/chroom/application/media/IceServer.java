package io.chroom.application.media;

import java.util.List;

/**
 * One entry of the {@code iceServers} a WebRTC client is configured with.
 *
 * @param urls {@code stun:} and {@code turn:} URLs of one server
 * @param username time-limited TURN user name, or {@code null} for STUN only
 * @param credential the TURN password for {@code username}
 */
public record IceServer(List<String> urls, String username, String credential) {}
