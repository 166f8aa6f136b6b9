/**
 * Outbound half of the media connector: the managed connection factory, the managed connections it
 * pools per media node, and the handles the application holds. The node-facing protocol lives
 * behind {@link io.chroom.media.outbound.NodeControlClient} so that another SFU can be added beside
 * Janus.
 */
package io.chroom.media.outbound;
