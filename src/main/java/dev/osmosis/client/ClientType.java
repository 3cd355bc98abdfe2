package dev.osmosis.client;

/** The client type a session declares in its handshake; the server shows it as {@code $ClientType}. */
public enum ClientType {
  ANDROID,
  C,
  DOTNET,
  IOS,
  JAVA,
  JAVASCRIPT_BROWSER,
  MQTT,
  PYTHON,
  OTHER
}
