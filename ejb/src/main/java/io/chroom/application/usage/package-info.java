/**
 * How much each account uses the API: its requests and their errors per minute, counted by every
 * server and added up in PostgreSQL.
 */
package io.chroom.application.usage;
