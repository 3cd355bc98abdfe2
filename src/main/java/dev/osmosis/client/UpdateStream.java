package dev.osmosis.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A stream of updates to one topic from this session (Diffusion's {@code UpdateStream}), from
 * {@link TopicUpdate#newUpdateStream}. The first {@link #set} is checked against the stream's
 * constraint; each later one requires the topic to still hold the value this stream set last, so an
 * update made by anyone else in between invalidates the stream: that {@code set} fails with {@code
 * 4012} and every later one fails at once. Not thread-safe: one producer per stream.
 */
public final class UpdateStream<V> {
  private final TopicUpdate update;
  private final String path;
  private final Class<V> type;
  private final UpdateConstraint constraint;
  private V last;
  private boolean started;
  private volatile Throwable invalid;

  UpdateStream(TopicUpdate update, String path, Class<V> type, UpdateConstraint constraint) {
    this.update = update;
    this.path = Objects.requireNonNull(path, "path");
    this.type = Objects.requireNonNull(type, "type");
    this.constraint = constraint;
  }

  /** Sets the topic's value through the stream. */
  public CompletableFuture<Void> set(V value) {
    if (invalid != null) {
      return CompletableFuture.failedFuture(invalid);
    }
    UpdateConstraint check = started ? UpdateConstraint.value(type, last) : constraint;
    started = true;
    last = value;
    CompletableFuture<Void> done =
        check == null ? update.set(path, type, value) : update.set(path, type, value, check);
    return done.whenComplete(
        (ok, error) -> {
          if (error != null) {
            invalid =
                error instanceof java.util.concurrent.CompletionException
                        && error.getCause() != null
                    ? error.getCause()
                    : error;
          }
        });
  }

  /** The value this stream set last (null before the first set). */
  public V get() {
    return last;
  }

  /** Whether an earlier set failed, ending the stream. */
  public boolean isValid() {
    return invalid == null;
  }
}
