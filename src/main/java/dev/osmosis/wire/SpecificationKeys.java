package dev.osmosis.wire;

/**
 * The property keys of a topic specification (docs/TOPICS.md "Specifications"), spelled once for
 * the server and the Java client. What each does is documented where it is enforced: the server's
 * {@code topic.TopicSpecification} and the client's {@code client.TopicSpecification}, whose
 * constants are these.
 */
public final class SpecificationKeys {

  public static final String PUBLISH_VALUES_ONLY = "PUBLISH_VALUES_ONLY";
  public static final String DONT_RETAIN_VALUE = "DONT_RETAIN_VALUE";
  public static final String TIDY_ON_UNSUBSCRIBE = "TIDY_ON_UNSUBSCRIBE";
  public static final String VALIDATE_VALUES = "VALIDATE_VALUES";
  public static final String CONFLATION = "CONFLATION";
  public static final String PRIORITY = "PRIORITY";
  public static final String OWNER = "OWNER";
  public static final String PERSISTENT = "PERSISTENT";
  public static final String REMOVAL = "REMOVAL";
  public static final String HISTORY_SIZE = "HISTORY_SIZE";
  public static final String HISTORY_TTL = "HISTORY_TTL";
  public static final String DELIVERY = "DELIVERY";
  public static final String COMPRESSION = "COMPRESSION";
  public static final String SCHEMA = "SCHEMA";

  private SpecificationKeys() {}
}
