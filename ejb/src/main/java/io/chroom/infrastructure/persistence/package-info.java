/** PostgreSQL-specific persistence: schema migrations, idempotency records and list cursors. */
package io.chroom.infrastructure.persistence;
