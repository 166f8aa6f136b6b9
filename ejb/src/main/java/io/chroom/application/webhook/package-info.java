/**
 * Webhook use cases: managing subscriptions, recording events in the outbox, and delivering them
 * signed, at least once, with retries and a delivery log.
 */
package io.chroom.application.webhook;
