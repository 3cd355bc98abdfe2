package dev.osmosis.store;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A metric collector (table {@code METRIC_COLLECTOR}, migration V4): its kind ({@code session} or
 * {@code topic}), name, creation order within its kind, and its definition as JSON ({@code
 * metrics.CollectorJson}).
 */
@Entity(name = "MetricCollector")
@Table(name = "METRIC_COLLECTOR")
@IdClass(MetricCollectorRow.Key.class)
@Cacheable(false)
public class MetricCollectorRow {
  @Id
  @Column(name = "KIND", length = 8)
  private String kind;

  @Id
  @Column(name = "NAME", length = 256)
  private String name;

  @Column(name = "ORDER_INDEX", nullable = false)
  private int position;

  @Column(name = "DEFINITION", nullable = false, length = 65536)
  private String definition;

  protected MetricCollectorRow() {}

  MetricCollectorRow(String kind, String name, int position, String definition) {
    this.kind = kind;
    this.name = name;
    this.position = position;
    this.definition = definition;
  }

  String kind() {
    return kind;
  }

  int position() {
    return position;
  }

  String definition() {
    return definition;
  }

  /** The primary key: kind and name. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String kind;
    private String name;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(name, k.name);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, name);
    }
  }
}
