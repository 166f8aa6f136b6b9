/**
 * Epochs and their settlement: a leased job opens each epoch with the network's parameters and
 * closes it at its end; settling an epoch writes, in one transaction, its usage-ledger records with
 * their Merkle proofs, the metered charges of the accounts, the operators' rewards with theirs, and
 * the chain outbox rows that publish both roots; the epoch's state then follows those rows.
 */
package io.chroom.application.settlement;
