package dev.osmosis.session;

/** The {@code $ClientType} values of seed 000. */
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
