/** Accounts, their tiers and the API keys that act for them. */
package io.chroom.domain.model.account;
