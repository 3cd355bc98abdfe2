package dev.osmosis.wire;

/**
 * The client type a session declares in its handshake (seed 000); the server shows it as {@code
 * $ClientType}.
 */
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
