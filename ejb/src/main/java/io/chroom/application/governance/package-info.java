/**
 * Token-holder governance as the API serves it: the network parameters the timelock owns, read from
 * the chain; proposals of parameter changes, kept from the governor's events and made through the
 * outbox; and votes that holders sign and the platform relays.
 */
package io.chroom.application.governance;
