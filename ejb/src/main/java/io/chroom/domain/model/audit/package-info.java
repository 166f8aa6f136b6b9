/** The security audit trail: events about credentials, accounts and nodes. */
package io.chroom.domain.model.audit;
