/** Use cases of accounts and API keys: creating, listing, changing and revoking them. */
package io.chroom.application.account;
