// @ts-check
// Topic types, specifications and unsubscribe reasons (docs/TOPICS.md).

export const TopicType = Object.freeze({
  JSON: 'JSON', STRING: 'STRING', INT64: 'INT64', DOUBLE: 'DOUBLE', BINARY: 'BINARY', TIME_SERIES: 'TIME_SERIES',
});

export class TopicSpecification {
  constructor(type, properties = {}) {
    if (!type) throw new TypeError('a topic specification needs a type');
    this.type = String(type).toUpperCase();
    this.properties = Object.freeze({ ...properties });
    Object.freeze(this);
  }

  withProperty(name, value) {
    return new TopicSpecification(this.type, { ...this.properties, [name]: String(value) });
  }

  withProperties(properties) {
    return new TopicSpecification(this.type, { ...this.properties, ...properties });
  }
}
for (const p of ['PUBLISH_VALUES_ONLY', 'DONT_RETAIN_VALUE', 'TIDY_ON_UNSUBSCRIBE', 'VALIDATE_VALUES', 'CONFLATION',
  'PRIORITY', 'OWNER', 'PERSISTENT', 'REMOVAL']) {
  TopicSpecification[p] = p;
}

export const UnsubscribeReason = Object.freeze({
  REQUESTED: 'REQUESTED', CONTROL: 'CONTROL', REMOVAL: 'REMOVAL', AUTHORIZATION: 'AUTHORIZATION',
  SESSION_CLOSED: 'SESSION_CLOSED',
});

export const topics = Object.freeze({ TopicType, TopicSpecification, UnsubscribeReason });
