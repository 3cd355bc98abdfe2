// @ts-check
// diffusion.log(level) (seed 001: "The client can log out information by using the diffusion.log method"): the
// client's own log (connecting, connected, lost, reconnected, closed, errors) goes to the console at or above the
// level set. Levels, most to least verbose: trace, debug, info, warn, error, silent. Default: warn.

/** @typedef {'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'} LogLevelName */

/** @type {Readonly<{ [K in LogLevelName]: K }>} */
export const LogLevel = Object.freeze({ trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', error: 'error', silent: 'silent' });

const RANK = Object.freeze({ trace: 0, debug: 1, info: 2, warn: 3, error: 4, silent: 5 });

/** @type {number} */
let threshold = RANK.warn;

/**
 * Sets the level of the client's log: what is logged at that level or above goes to the console.
 * @param {LogLevelName} level
 */
export function log(level) {
  const rank = RANK[/** @type {LogLevelName} */ (String(level).toLowerCase())];
  if (rank === undefined) throw new TypeError(`unknown log level '${level}' (trace, debug, info, warn, error, silent)`);
  threshold = rank;
}

/**
 * The client's logger: logger.info('...', ...), and so on, each a no-op below the level set.
 * @param {'trace' | 'debug' | 'info' | 'warn' | 'error'} level
 * @param {...any} args
 */
function write(level, ...args) {
  if (RANK[level] < threshold) return;
  const out = level === 'trace' ? console.debug : console[level];
  out.call(console, 'osmosis:', ...args);
}

export const logger = Object.freeze({
  /** @param {...any} args */ trace: (...args) => write('trace', ...args),
  /** @param {...any} args */ debug: (...args) => write('debug', ...args),
  /** @param {...any} args */ info: (...args) => write('info', ...args),
  /** @param {...any} args */ warn: (...args) => write('warn', ...args),
  /** @param {...any} args */ error: (...args) => write('error', ...args),
});
