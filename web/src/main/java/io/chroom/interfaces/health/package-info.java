/** MicroProfile Health checks behind {@code /health}. */
package io.chroom.interfaces.health;
