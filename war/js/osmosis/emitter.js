// @ts-check
// A small event emitter with Diffusion's on(event, fn) / on({event: fn}) / off(event[, fn]).

export class Emitter {
  constructor() { this._listeners = new Map(); }

  on(events, listener) {
    if (typeof events === 'object' && events !== null) {
      for (const [name, fn] of Object.entries(events)) this.on(name, fn);
      return this;
    }
    if (typeof listener !== 'function') throw new TypeError(`a listener for '${events}' must be a function`);
    if (!this._listeners.has(events)) this._listeners.set(events, []);
    this._listeners.get(events).push(listener);
    return this;
  }

  off(events, listener) {
    if (typeof events === 'object' && events !== null) {
      for (const [name, fn] of Object.entries(events)) this.off(name, fn);
      return this;
    }
    if (listener === undefined) {
      this._listeners.delete(events);
    } else {
      const list = this._listeners.get(events) || [];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  _emit(event, ...args) {
    for (const fn of [...(this._listeners.get(event) || [])]) {
      try {
        fn(...args);
      } catch (e) {
        // a listener's exception must not break the session; it is reported on the console
        console.error(`osmosis: a '${event}' listener threw`, e);
      }
    }
  }
}
