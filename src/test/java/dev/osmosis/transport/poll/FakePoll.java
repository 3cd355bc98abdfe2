package dev.osmosis.transport.poll;

import java.util.ArrayList;
import java.util.List;

/** A held poll that records how it was answered: a frame, 204 (null) or 404 ("404"). */
final class FakePoll implements Poll {
  final List<String> answers = new ArrayList<>();

  /** False: the request is gone (the container already answered or cancelled it). */
  boolean alive = true;

  @Override
  public synchronized boolean answer(String frame) {
    if (!alive || !answers.isEmpty()) {
      return false;
    }
    answers.add(frame);
    return true;
  }

  @Override
  public synchronized void gone() {
    answers.add("404");
  }

  synchronized boolean answered() {
    return !answers.isEmpty();
  }

  synchronized String only() {
    if (answers.size() != 1) {
      throw new AssertionError("expected one answer, got " + answers);
    }
    return answers.get(0);
  }
}
