/** The registry of media nodes and what their health watch reports. */
package io.chroom.application.node;
