package dev.osmosis.store;

import dev.osmosis.security.PropertyValidation;
import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A trusted client proposed property (table {@code SECURITY_TRUSTED_PROPERTY}): its name and how it
 * is validated, by a regular expression or by allowed values ({@code
 * SECURITY_TRUSTED_PROPERTY_VALUE}, in order).
 */
@Entity(name = "SecurityTrustedProperty")
@Table(name = "SECURITY_TRUSTED_PROPERTY")
@Cacheable(false)
public class SecurityTrustedPropertyRow {
  @Id
  @Column(name = "NAME", length = 255)
  private String name;

  @Column(name = "VALIDATION_TYPE", nullable = false, length = 16)
  private String type;

  @Column(name = "REGEX", length = 4000)
  private String regex;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_TRUSTED_PROPERTY_VALUE",
      joinColumns = @JoinColumn(name = "PROPERTY_NAME"))
  @OrderColumn(name = "VALUE_INDEX")
  @Column(name = "ALLOWED_VALUE", nullable = false, length = 4000)
  private List<String> values = new ArrayList<>();

  protected SecurityTrustedPropertyRow() {}

  SecurityTrustedPropertyRow(String name, PropertyValidation validation) {
    this.name = name;
    this.type = validation.type();
    this.regex = validation.regex();
    this.values.addAll(validation.values());
  }

  String name() {
    return name;
  }

  /** The validation; an {@link IllegalArgumentException} if the row is not a valid one. */
  PropertyValidation validation() {
    return new PropertyValidation(type, regex, values);
  }
}
