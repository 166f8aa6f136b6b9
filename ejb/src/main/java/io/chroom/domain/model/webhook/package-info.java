/**
 * Webhooks: an account's subscriptions, the events written in the same transaction as their cause,
 * and the deliveries that carry each event to each subscription at least once.
 */
package io.chroom.domain.model.webhook;
