package dev.osmosis.grid;

import dev.osmosis.message.NodeRelay.Addressed;
import dev.osmosis.message.NodeRelay.RemoteAnswer;
import dev.osmosis.message.NodeRelay.RemoteControl;
import dev.osmosis.message.NodeRelay.RemoteFanOut;
import dev.osmosis.message.NodeRelay.RemoteRequest;
import dev.osmosis.message.Payload;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of the messages {@link GridRelay} sends between nodes: a request or an answer. Bytes,
 * so no Osmosis class travels through the grid and a node's class loader never matters.
 */
final class RelayCodec {
  private static final int FORMAT = 1;
  static final int REQUEST = 1;
  static final int ANSWER = 2;
  static final int CONTROL = 3;
  static final int CONTROL_ANSWER = 4;
  static final int FAN_OUT = 5;

  private RelayCodec() {}

  static byte[] encode(RemoteRequest request) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(128 + request.payload().json().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(REQUEST);
      writeText(out, request.origin());
      out.writeLong(request.rid());
      writeText(out, request.session());
      writeText(out, request.path());
      writeText(out, request.branch());
      writeText(out, request.sender().toString());
      out.writeInt(request.properties().size());
      for (Map.Entry<String, String> p : request.properties().entrySet()) {
        writeText(out, p.getKey());
        writeText(out, p.getValue());
      }
      writeText(out, request.payload().type());
      writeText(out, request.payload().json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] encode(RemoteFanOut fanOut) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            128 + fanOut.payload().json().length() + 48 * fanOut.targets().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(FAN_OUT);
      writeText(out, fanOut.origin());
      writeText(out, fanOut.path());
      writeText(out, fanOut.sender().toString());
      writeText(out, fanOut.payload().type());
      writeText(out, fanOut.payload().json());
      out.writeInt(fanOut.targets().size());
      for (Addressed target : fanOut.targets()) {
        writeText(out, target.session());
        out.writeLong(target.rid());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static RemoteFanOut fanOut(byte[] bytes) {
    try (DataInputStream in = open(bytes)) {
      String origin = readText(in);
      String path = readText(in);
      SessionId sender = SessionId.parse(readText(in));
      Payload payload = new Payload(readText(in), readText(in));
      int count = in.readInt();
      List<Addressed> targets = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        targets.add(new Addressed(readText(in), in.readLong()));
      }
      return new RemoteFanOut(origin, path, sender, payload, List.copyOf(targets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(RemoteControl control) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + control.operation().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(CONTROL);
      writeText(out, control.origin());
      out.writeLong(control.rid());
      writeText(out, control.operation());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static RemoteControl control(byte[] bytes) {
    try (DataInputStream in = open(bytes)) {
      return new RemoteControl(readText(in), in.readLong(), readText(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(RemoteAnswer answer) {
    return encode(answer, ANSWER);
  }

  /** The result of a control operation: an answer of kind {@link #CONTROL_ANSWER}. */
  static byte[] encodeControlAnswer(RemoteAnswer answer) {
    return encode(answer, CONTROL_ANSWER);
  }

  private static byte[] encode(RemoteAnswer answer, int kind) {
    Payload response = answer.response();
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + (response == null ? 64 : response.json().length()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(kind);
      writeText(out, answer.from());
      out.writeLong(answer.rid());
      out.writeBoolean(response != null);
      if (response != null) {
        writeText(out, response.type());
        writeText(out, response.json());
      } else {
        out.writeInt(answer.code().code());
        writeText(out, answer.message());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The kind of an encoded message: {@link #REQUEST}, {@link #ANSWER}, {@link #CONTROL} or {@link
   * #CONTROL_ANSWER} (read with {@link #answer}).
   */
  static int kind(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != FORMAT) {
      throw new IllegalStateException("a relay message of an unknown format");
    }
    return bytes[1];
  }

  static RemoteRequest request(byte[] bytes) {
    try (DataInputStream in = open(bytes)) {
      String origin = readText(in);
      long rid = in.readLong();
      String session = readText(in);
      String path = readText(in);
      String branch = readText(in);
      SessionId sender = SessionId.parse(readText(in));
      int count = in.readInt();
      Map<String, String> properties = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        properties.put(readText(in), readText(in));
      }
      Payload payload = new Payload(readText(in), readText(in));
      return new RemoteRequest(
          origin, rid, session, path, branch, sender, Map.copyOf(properties), payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RemoteAnswer answer(byte[] bytes) {
    try (DataInputStream in = open(bytes)) {
      String from = readText(in);
      long rid = in.readLong();
      if (in.readBoolean()) {
        return new RemoteAnswer(from, rid, new Payload(readText(in), readText(in)), null, null);
      }
      int code = in.readInt();
      ErrorCode error = ErrorCode.fromCode(code).orElse(ErrorCode.REJECTED_REQUEST);
      return new RemoteAnswer(from, rid, null, error, readText(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream open(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes, 2, bytes.length - 2));
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
