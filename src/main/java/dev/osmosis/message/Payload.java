package dev.osmosis.message;

import java.util.Objects;

/**
 * A request or response value: its datatype name ({@code JSON}, {@code STRING}, {@code INT64},
 * {@code DOUBLE}, {@code BINARY}) and the JSON text of its wire form (docs/PROTOCOL.md §9). The
 * protocol layer validated both; messaging passes them through untouched. Immutable.
 */
public record Payload(String type, String json) {
  public Payload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
  }
}
