/**
 * The token economy: balances read from the chain, wallets linked to accounts, the accounts'
 * prepaid token ledger, payments sent through the chain outbox, and the chain events (deposits,
 * confirmations) that the server applies once each.
 */
package io.chroom.application.token;
