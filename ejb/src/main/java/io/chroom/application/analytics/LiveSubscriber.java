package io.chroom.application.analytics;

/**
 * Who subscribed to the live stream: the account whose samples it receives, and whether its
 * credential may read node health ({@code nodes:read}).
 */
public record LiveSubscriber(String accountId, boolean nodeHealth) {}
