package io.chroom.application;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One page of a list.
 *
 * @param data the items, at most the limit asked for
 * @param nextCursor opaque cursor of the next page, or {@code null} on the last page
 */
@JsonbNillable
@JsonbPropertyOrder({"data", "nextCursor"})
public record Page<T>(List<T> data, String nextCursor) {}
