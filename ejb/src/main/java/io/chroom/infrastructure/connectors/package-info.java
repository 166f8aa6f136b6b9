/** The application's handles on the two resource adapters the EAR embeds. */
package io.chroom.infrastructure.connectors;
