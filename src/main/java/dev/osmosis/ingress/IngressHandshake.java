package dev.osmosis.ingress;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the handshake request carried, captured once at open.
 *
 * @param path the URI path, e.g. {@code /ws/chat}
 * @param parameters query parameters (each name with its values in order)
 * @param headers request headers; looked up case-insensitively
 * @param remoteAddr the client's IP address, "" if unknown
 */
public record IngressHandshake(
    String path,
    Map<String, List<String>> parameters,
    Map<String, List<String>> headers,
    String remoteAddr) {

  public IngressHandshake {
    parameters = Map.copyOf(parameters);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(h);
    remoteAddr = remoteAddr == null ? "" : remoteAddr;
  }

  String parameter(String name) {
    return name == null ? null : first(parameters.get(name));
  }

  String header(String name) {
    return name == null ? null : first(headers.get(name));
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
