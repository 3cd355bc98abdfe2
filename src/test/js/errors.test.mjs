// Error codes of the browser client (PROTOCOL §4): 5003 UNAVAILABLE, the cluster's data grid did not answer, is
// known by name, so a refused request rejects with an OsmosisError whose reason says the client may try again.
// Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { ERROR_BY_CODE, ErrorCode } = await import('../../../war/js/osmosis/errors.js');

test('5003 is UNAVAILABLE', () => {
  assert.equal(ERROR_BY_CODE.get(5003), 'UNAVAILABLE');
  assert.deepEqual(ErrorCode.UNAVAILABLE, { code: 5003, name: 'UNAVAILABLE' });
  assert.equal(ERROR_BY_CODE.get(5000), 'INTERNAL_ERROR');
});
