// @ts-check
// PROTOCOL §12 on the client: the numbers of what the session sends, kept until the server acknowledges them (the
// client's recovery buffer, replayed after a reconnect), and the numbers of what it received from the server's
// envelopes (duplicates skipped, a gap detected), acknowledged at least every 32 messages and at most 1 s late.

/** The client's recovery buffer: most messages kept until the server acknowledges them (PROTOCOL §12). */
export const MAX_UNACKED = 10000;

export class Sequencing {
  /** @param {() => void} sendAck called when an ack is due; it sends one with ackNow() if it can */
  constructor(sendAck) {
    this._sendAck = sendAck;
    this.nextSeq = 1;
    /** Sent and not yet acknowledged, oldest first. @type {Array<{ seq: number, text: string }>} */
    this.unacked = [];
    /** The number of the last message received from the server, in order. */
    this.received = 0;
    /** The `received` the server was last told. */
    this.ackSent = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.ackTimer = null;
  }

  /**
   * The server processed our messages up to `ack`: forget them.
   * @param {number} ack
   */
  acknowledged(ack) {
    let n = 0;
    while (n < this.unacked.length && this.unacked[n].seq <= ack) n++;
    if (n > 0) this.unacked.splice(0, n);
  }

  /**
   * Whether the client still holds every message after the server's ack (false: a replay cannot fill the gap).
   * @param {number} serverAck
   */
  holdsAfter(serverAck) {
    return this.unacked.length === 0 || this.unacked[0].seq === serverAck + 1;
  }

  /** Whether the recovery buffer is full. */
  full() { return this.unacked.length >= MAX_UNACKED; }

  /**
   * Numbers a message (carrying the ack of what was received) and keeps it until the server acknowledges it.
   * @param {Record<string, any>} message
   * @returns {string} its text
   */
  number(message) {
    const seq = this.nextSeq++;
    /** @type {Record<string, any>} */
    const out = { ...message, seq };
    if (this.received > 0) {
      out.ack = this.received;
      this.ackSent = this.received;
    }
    const text = JSON.stringify(out);
    this.unacked.push({ seq, text });
    return text;
  }

  /**
   * The server's message number `seq`: 'new' (counted: deliver it), 'duplicate' (a replay: skip it) or 'gap'
   * (messages before it were lost).
   * @param {number} seq
   * @returns {'new' | 'duplicate' | 'gap'}
   */
  accept(seq) {
    if (seq <= this.received) return 'duplicate';
    if (seq !== this.received + 1) return 'gap';
    this.received = seq;
    return 'new';
  }

  /** Acknowledges at least every 32 messages and at most 1 s late (PROTOCOL §12). */
  scheduleAck() {
    if (this.received - this.ackSent >= 32) {
      this._sendAck();
    } else if (this.received > this.ackSent && !this.ackTimer) {
      this.ackTimer = setTimeout(() => {
        this.ackTimer = null;
        if (this.received > this.ackSent) this._sendAck();
      }, 1000);
    }
  }

  /** The ack to send now (in an `ack`, or carried by a reconnect's `connect`): counted as told. */
  ackNow() {
    this.ackSent = this.received;
    return this.received;
  }

  /** The session closed: no more acks. */
  stop() {
    if (this.ackTimer !== null) clearTimeout(this.ackTimer);
  }
}
