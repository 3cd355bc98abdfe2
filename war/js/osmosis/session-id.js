// @ts-check
// Diffusion's SessionId: the id the server assigned to a session (two 16-digit hex groups, PROTOCOL §3), as an
// object whose toString() is that text. JSON.stringify and String() give the text; == compares with it (valueOf),
// === does not: compare String(id) or id.toString().

export class SessionId {
  /** @param {string} text */
  constructor(text) {
    /** @private */
    this._text = String(text);
    Object.freeze(this);
  }

  toString() { return this._text; }

  toJSON() { return this._text; }

  valueOf() { return this._text; }

  /**
   * Whether another id (a SessionId or its text) is this one.
   * @param {unknown} other
   */
  equals(other) { return other != null && String(other) === this._text; }
}
