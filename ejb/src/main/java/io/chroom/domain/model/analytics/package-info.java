/**
 * What the media nodes measure about a call: each stream's samples, the quality a listener
 * perceives (ITU-T G.107 E-model) and the minutes participants spent connected.
 */
package io.chroom.domain.model.analytics;
