package dev.osmosis.client;

/** Entry point of the Osmosis client SDK. */
public final class Osmosis {

  private Osmosis() {}

  /**
   * Returns a new session factory with default settings: anonymous, client type {@link
   * ClientType#JAVA}, no user properties, a 10 second connection timeout.
   */
  public static SessionFactory sessions() {
    return SessionFactory.DEFAULT;
  }
}
