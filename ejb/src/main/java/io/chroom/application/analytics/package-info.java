/**
 * Analytics: what media nodes report about calls is written in batches (media samples, handles from
 * attach to detach), aggregated per minute, and read back as quality of service, bandwidth and
 * participant-minutes per meeting, node and account.
 */
package io.chroom.application.analytics;
