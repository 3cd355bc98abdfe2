package dev.osmosis.ingress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an {@link IngressHandler} bean to the endpoint {@code /ws/{value}}. Read once at start-up
 * from the bean class; a handler bean without it, a name that is not 1 to 64 of {@code
 * [A-Za-z0-9._-]}, or two beans with one name stop the start with a message naming them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IngressName {
  /** The last path segment of the endpoint, e.g. {@code "chat"} for {@code /ws/chat}. */
  String value();
}
