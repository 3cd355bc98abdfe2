package dev.osmosis.grid;

import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A replicated topic as the grid holds it: one entry of the topics map, keyed by canonical path
 * (docs/CLUSTER.md "Topics"). Stored as bytes, so the grid never needs an Osmosis class to store,
 * compare ({@code IMap.replace(key, old, new)} compares the stored bytes at the partition owner) or
 * send it, and a node's class loader never matters.
 *
 * @param incarnation a random number drawn when the topic was added: a topic removed and added
 *     again at the same path is another topic
 * @param sequence the number of the last update in the topic's order; 0 before the first
 * @param origin the grid member that added the topic (its UUID as text)
 * @param creator the adding session's id (text), or null; meaningful on {@code origin} only
 * @param value the last value set (also for a topic that does not retain values: the update's event
 *     carries it), or null
 * @param writers the idempotency keys of the last keyed updates decided (docs/RECONNECTION.md
 *     "Fail-over"), one per session, at most {@link #WRITERS}, oldest first: pairs of the writer
 *     (the session id's first 64 bits) and its client message number shifted left by two, with
 *     {@link #APPLIED}, {@link #ADDED} or {@link #REFUSED} in the two low bits. Not compared
 *     element-wise by {@code equals} (an array): nothing compares records, the grid compares bytes.
 */
record TopicRecord(
    long incarnation,
    long sequence,
    String origin,
    String creator,
    TopicSpecification specification,
    TopicValue value,
    long[] writers) {

  private static final int FORMAT = 1;

  /** Most sessions whose last keyed update a record remembers. */
  static final int WRITERS = 8;

  static final int APPLIED = 1;
  static final int ADDED = 2;
  static final int REFUSED = 3;
  private static final long[] NONE = {};

  TopicRecord(
      long incarnation,
      long sequence,
      String origin,
      String creator,
      TopicSpecification specification,
      TopicValue value) {
    this(incarnation, sequence, origin, creator, specification, value, NONE);
  }

  /** The same topic at the next sequence number with {@code next} as its value. */
  TopicRecord next(TopicValue next) {
    return new TopicRecord(
        incarnation, sequence + 1, origin, creator, specification, next, writers);
  }

  /**
   * The same topic at the next sequence number with {@code next} as its value, applied for {@code
   * key} (null: {@link #next(TopicValue)}).
   */
  TopicRecord next(TopicValue next, TopicReplication.Key key) {
    long[] after = key == null ? writers : decided(key, key.added() ? ADDED : APPLIED);
    return new TopicRecord(incarnation, sequence + 1, origin, creator, specification, next, after);
  }

  /** The same topic, unchanged, remembering that {@code key}'s update was refused. */
  TopicRecord refused(TopicReplication.Key key) {
    return new TopicRecord(
        incarnation, sequence, origin, creator, specification, value, decided(key, REFUSED));
  }

  /**
   * How the update with {@code key} was decided, if this record knows: {@link #APPLIED}, {@link
   * #ADDED} or {@link #REFUSED}; {@link #APPLIED} too when a later message of its session was
   * decided (so this one was, and its outcome is no longer kept); 0 when the record has nothing for
   * it.
   */
  int decision(TopicReplication.Key key) {
    for (int i = 0; i < writers.length; i += 2) {
      if (writers[i] == key.writer()) {
        long message = writers[i + 1] >>> 2;
        if (message == key.message()) {
          return (int) (writers[i + 1] & 3);
        }
        return message > key.message() ? APPLIED : 0;
      }
    }
    return 0;
  }

  /** The writers with {@code key}'s entry last, the writer's older entry (or the oldest) gone. */
  private long[] decided(TopicReplication.Key key, int how) {
    int n = writers.length;
    int drop = -1;
    for (int i = 0; i < n; i += 2) {
      if (writers[i] == key.writer()) {
        drop = i;
      }
    }
    if (drop < 0 && n == WRITERS * 2) {
      drop = 0;
    }
    long[] after = new long[drop < 0 ? n + 2 : n];
    int j = 0;
    for (int i = 0; i < n; i += 2) {
      if (i != drop) {
        after[j++] = writers[i];
        after[j++] = writers[i + 1];
      }
    }
    after[j++] = key.writer();
    after[j] = key.message() << 2 | how;
    return after;
  }

  /** What an update constraint sees: no value for a topic that does not retain values. */
  TopicView view(String path) {
    TopicValue current = specification.dontRetainValue() ? null : value;
    TopicType type = specification.type();
    return new TopicView() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public TopicType type() {
        return type;
      }

      @Override
      public TopicValue value() {
        return current;
      }
    };
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + estimate(value));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(incarnation);
      out.writeLong(sequence);
      writeText(out, origin);
      writeText(out, creator);
      out.writeUTF(specification.type().name());
      Map<String, String> properties = specification.properties();
      out.writeInt(properties.size());
      for (Map.Entry<String, String> p : properties.entrySet()) {
        writeText(out, p.getKey());
        writeText(out, p.getValue());
      }
      writeValue(out, value);
      if (writers.length > 0) { // absent (the record of format 1 before keys) when none
        out.writeShort(writers.length);
        for (long w : writers) {
          out.writeLong(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static TopicRecord decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("a topic record of format " + format + ", not " + FORMAT);
      }
      long incarnation = in.readLong();
      long sequence = in.readLong();
      String origin = readText(in);
      String creator = readText(in);
      TopicType type = TopicType.valueOf(in.readUTF());
      int count = in.readInt();
      Map<String, String> properties = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        properties.put(readText(in), readText(in));
      }
      TopicSpecification specification = new TopicSpecification(type, properties);
      TopicValue value = readValue(in, type);
      long[] writers = NONE;
      if (in.available() > 0) {
        writers = new long[in.readShort()];
        for (int i = 0; i < writers.length; i++) {
          writers[i] = in.readLong();
        }
      }
      return new TopicRecord(incarnation, sequence, origin, creator, specification, value, writers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The incarnation of an encoded record, without decoding the rest. */
  static long incarnationOf(byte[] bytes) {
    return longAt(bytes, 1);
  }

  /** The sequence number of an encoded record, without decoding the rest. */
  static long sequenceOf(byte[] bytes) {
    return longAt(bytes, 9);
  }

  private static long longAt(byte[] bytes, int offset) {
    long v = 0;
    for (int i = offset; i < offset + 8; i++) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return v;
  }

  private static int estimate(TopicValue value) {
    if (value instanceof TopicValue.OfJson json) {
      return json.text().length() + 8;
    }
    if (value instanceof TopicValue.OfString string) {
      return string.value().length() + 8;
    }
    return value instanceof TopicValue.OfBinary binary ? binary.length() + 8 : 16;
  }

  private static void writeValue(DataOutputStream out, TopicValue value) throws IOException {
    if (value == null) {
      out.writeBoolean(false);
      return;
    }
    out.writeBoolean(true);
    if (value instanceof TopicValue.OfJson json) {
      writeText(out, json.text());
    } else if (value instanceof TopicValue.OfString string) {
      writeText(out, string.value());
    } else if (value instanceof TopicValue.OfInt64 int64) {
      out.writeLong(int64.value());
    } else if (value instanceof TopicValue.OfDouble d) {
      out.writeDouble(d.value());
    } else {
      byte[] raw = ((TopicValue.OfBinary) value).bytes();
      out.writeInt(raw.length);
      out.write(raw);
    }
  }

  private static TopicValue readValue(DataInputStream in, TopicType type) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    return switch (type) {
      case JSON -> TopicValue.json(readText(in));
      case STRING -> TopicValue.string(readText(in));
      case INT64 -> TopicValue.int64(in.readLong());
      case DOUBLE -> TopicValue.ofDouble(in.readDouble());
      case BINARY -> {
        byte[] raw = new byte[in.readInt()];
        in.readFully(raw);
        yield TopicValue.binary(raw);
      }
      default -> throw new IllegalStateException("a " + type + " value in a topic record");
    };
  }

  /** Text of any length (writeUTF stops at 64 KB), null as length -1. */
  private static void writeText(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
