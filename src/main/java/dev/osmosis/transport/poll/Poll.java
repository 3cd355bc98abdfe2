package dev.osmosis.transport.poll;

/**
 * One held HTTP long poll ({@code GET /osmosis/poll/{cid}}), answered exactly once by whoever takes
 * it from its {@link PollQueue}. The JAX-RS boundary implements it over an {@code AsyncResponse};
 * tests use a fake.
 */
interface Poll {

  /**
   * Answers {@code 200} with {@code frame}, or {@code 204} when {@code frame} is null.
   *
   * @return false if the request was already answered or cancelled by the container (the frame did
   *     not go)
   */
  boolean answer(String frame);

  /** Answers {@code 404}: the connection has ended. */
  void gone();
}
