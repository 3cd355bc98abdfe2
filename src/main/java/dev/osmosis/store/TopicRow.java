package dev.osmosis.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A persistent topic as the database keeps it: table {@code osmosis_topic} ({@code
 * db/migration/V1__topics.sql}); converted from and to the core's {@code durable.TopicState} by
 * {@link TopicRows}.
 */
@Entity
@Table(name = "osmosis_topic")
public class TopicRow {
  @Id
  @Column(name = "path", length = 1024)
  String path;

  @Column(name = "incarnation", nullable = false)
  long incarnation;

  @Column(name = "topic_type", length = 16, nullable = false)
  String type;

  @Column(name = "properties", length = 8192, nullable = false)
  String properties;

  @Column(name = "value_data")
  byte[] value;

  @Column(name = "seq", nullable = false)
  long sequence;

  @Column(name = "written_at", nullable = false)
  long writtenAt;

  protected TopicRow() {}

  TopicRow(String path) {
    this.path = path;
  }
}
