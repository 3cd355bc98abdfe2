// @ts-check
// Topic types, specifications and unsubscribe reasons (docs/TOPICS.md).

export const TopicType = Object.freeze({
  JSON: 'JSON', STRING: 'STRING', INT64: 'INT64', DOUBLE: 'DOUBLE', BINARY: 'BINARY', TIME_SERIES: 'TIME_SERIES',
});

/** @typedef {import('../osmosis.js').TopicType} TopicTypeName */

export class TopicSpecification {
  /**
   * @param {TopicTypeName} type (in any case)
   * @param {Record<string, string>} [properties]
   */
  constructor(type, properties = {}) {
    if (!type) throw new TypeError('a topic specification needs a type');
    this.type = /** @type {TopicTypeName} */ (String(type).toUpperCase());
    /** @type {Readonly<Record<string, string>>} */
    this.properties = Object.freeze({ ...properties });
    Object.freeze(this);
  }

  /**
   * @param {string} name
   * @param {string | boolean | number} value
   */
  withProperty(name, value) {
    return new TopicSpecification(this.type, { ...this.properties, [name]: String(value) });
  }

  /** @param {Record<string, string>} properties */
  withProperties(properties) {
    return new TopicSpecification(this.type, { ...this.properties, ...properties });
  }
}
TopicSpecification.PUBLISH_VALUES_ONLY = /** @type {const} */ ('PUBLISH_VALUES_ONLY');
TopicSpecification.DONT_RETAIN_VALUE = /** @type {const} */ ('DONT_RETAIN_VALUE');
TopicSpecification.TIDY_ON_UNSUBSCRIBE = /** @type {const} */ ('TIDY_ON_UNSUBSCRIBE');
TopicSpecification.VALIDATE_VALUES = /** @type {const} */ ('VALIDATE_VALUES');
TopicSpecification.CONFLATION = /** @type {const} */ ('CONFLATION');
TopicSpecification.PRIORITY = /** @type {const} */ ('PRIORITY');
TopicSpecification.OWNER = /** @type {const} */ ('OWNER');
TopicSpecification.PERSISTENT = /** @type {const} */ ('PERSISTENT');
TopicSpecification.REMOVAL = /** @type {const} */ ('REMOVAL');
TopicSpecification.HISTORY_SIZE = /** @type {const} */ ('HISTORY_SIZE');
TopicSpecification.HISTORY_TTL = /** @type {const} */ ('HISTORY_TTL');
TopicSpecification.DELIVERY = /** @type {const} */ ('DELIVERY');
TopicSpecification.COMPRESSION = /** @type {const} */ ('COMPRESSION');
TopicSpecification.SCHEMA = /** @type {const} */ ('SCHEMA');

export const UnsubscribeReason = Object.freeze({
  REQUESTED: 'REQUESTED', CONTROL: 'CONTROL', REMOVAL: 'REMOVAL', AUTHORIZATION: 'AUTHORIZATION',
  SESSION_CLOSED: 'SESSION_CLOSED',
});

export const topics = Object.freeze({ TopicType, TopicSpecification, UnsubscribeReason });
