/**
 * The REST API under {@code /api}: resources that delegate to the services, the JSON mapping in
 * snake_case, and the RFC 9457 problem documents every error becomes.
 */
package io.chroom.interfaces.rest;
