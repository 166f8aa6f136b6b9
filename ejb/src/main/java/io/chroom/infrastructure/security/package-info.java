/** Digests of API key secrets and the signed links that let a host start a meeting. */
package io.chroom.infrastructure.security;
