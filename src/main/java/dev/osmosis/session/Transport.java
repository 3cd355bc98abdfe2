package dev.osmosis.session;

/** The {@code $Transport} values of seed 000. */
public enum Transport {
  WEBSOCKET,
  HTTP_LONG_POLL,
  TCP,
  OTHER
}
