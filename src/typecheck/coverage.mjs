// The member-by-member coverage of the browser client's declarations (war/js/osmosis.d.ts) against Diffusion
// 6.12's (the npm package `diffusion`, typescript/diffusion.d.ts), for the interfaces in scope. Run by hand:
//   node src/typecheck/typecheck.mjs                    (once: installs the pinned TypeScript into target/typecheck)
//   node src/typecheck/coverage.mjs [diffusion.d.ts]    (default /tmp/clients-diff/package/typescript/diffusion.d.ts;
//                                                        to get it: npm pack diffusion@6.12.1 && tar xzf diffusion-6.12.1.tgz)
// It prints a Markdown table, a row per interface: its Diffusion members present in osmosis.d.ts as Diffusion's,
// present with a limit (LIMITED below), and left out with the reason (LEFT_OUT below), and Osmosis's members beyond. It exits with status 1 if a member is missing without a reason there, or a reason
// names a member that is present (the table in docs/JAVASCRIPT.md "Coverage" is this script's output).
// Only names are compared, not signatures: a member that is present may still take fewer forms than Diffusion's
// (docs/JAVASCRIPT.md says where).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const diffusionDts = resolve(process.argv[2] || '/tmp/clients-diff/package/typescript/diffusion.d.ts');
const osmosisDts = join(root, 'war/js/osmosis.d.ts');
const work = join(root, 'target/typecheck');
if (!existsSync(join(work, 'node_modules/typescript'))) {
  console.error('coverage: no TypeScript in target/typecheck: run node src/typecheck/typecheck.mjs first');
  process.exit(2);
}
if (!existsSync(diffusionDts)) {
  console.error(`coverage: ${diffusionDts} not found (npm pack diffusion@6.12.1 && tar xzf diffusion-6.12.1.tgz)`);
  process.exit(2);
}
const ts = createRequire(join(work, 'package.json'))('typescript');

/** Diffusion's interface (or class) -> Osmosis's declaration of the same thing. */
const SCOPE = [
  ['Session', 'Session'],
  ['ClientControl', 'ClientControl'],
  ['Messages', 'Messages'],
  ['TopicControl', 'TopicControl'],
  ['TopicUpdate', 'TopicUpdate'],
  ['UpdateStream', 'UpdateStream'],
  ['FetchRequest', 'FetchRequest'],
  ['FetchResult', 'FetchResult'],
  ['TopicResult', 'TopicResult'],
  ['TopicNotifications', 'TopicNotifications'],
  ['TopicNotificationListener', 'TopicNotificationListener'],
  ['TopicNotificationRegistration', 'TopicNotificationRegistration'],
  ['Security', 'Security'],
  ['SessionLock', 'SessionLock'],
  ['ValueStream', 'ValueStream'],
  ['SessionEvent', 'SessionEvent'],
  ['SessionEventParametersBuilder', 'SessionEventParametersBuilder'],
  ['Metrics', 'Metrics'],
];

const NO_SERVER = 'not on the server';
/** 'Interface.member' -> why it is left out. */
const LEFT_OUT = {
  'Session.remoteServers': `${NO_SERVER}: remote servers (Diffusion's server-to-server connections)`,
  'Session.sessionTrees': `${NO_SERVER}: session trees (per-session topic views)`,
  'Session.updateFeatures': 'internal to Diffusion\'s client (refreshes its feature objects)',
  'Session.addListener': 'Diffusion\'s Stream alias of on(); use on()',
  'Session.removeListener': 'Diffusion\'s Stream alias of off(); use off()',
  'Session.once': 'not implemented: on() then off() in the listener',
  'Session.get': 'Diffusion\'s event emitter introspection; not implemented',
  'Session.emit': 'events come from the server; not for applications',
  'Session.listeners': 'Diffusion\'s event emitter introspection; not implemented',
  'Session.removeAllListeners': 'off(event) without a listener removes them',
  'ClientControl.setSessionPropertiesListener': 'deprecated since 6.11: addSessionPropertiesListener / addSessionEventListener',
  'ClientControl.SessionEventType': 'on diffusion.clients.SessionEventType',
  'ClientControl.ANONYMOUS': 'an anonymous session\'s principal is \'\'',
  'TopicControl.addTopicWithSpecification': 'deprecated in Diffusion; add(path, specification)',
  'TopicControl.removeWithSession': 'REMOVAL specification property instead (docs/TOPICS.md)',
  'ValueStream.addListener': 'Diffusion\'s Stream alias of on(); use on()',
  'ValueStream.removeListener': 'Diffusion\'s Stream alias of off(); use off()',
  'ValueStream.once': 'not implemented: on() then off() in the listener',
  'ValueStream.get': 'Diffusion\'s event emitter introspection; not implemented',
  'ValueStream.emit': 'events come from the server; not for applications',
  'ValueStream.listeners': 'Diffusion\'s event emitter introspection; not implemented',
  'ValueStream.removeAllListeners': 'off(event) without a listener removes them',
  'Security.setAuthenticator': `${NO_SERVER}: authenticators are server-side beans (docs/SECURITY.md), not client handlers`,
};

/** 'Interface.member' -> the limit of a member that is present but does less than Diffusion's. */
const LIMITED = {
  'Session.timeseries': `${NO_SERVER}: every method throws NOT_SUPPORTED_YET`,
  'Session.topicViews': `${NO_SERVER}: every method throws NOT_SUPPORTED_YET`,
  'ClientControl.addSessionEventListener': 'a `filter` parameter rejects NOT_SUPPORTED_YET (the server\'s session listeners hear every session)',
  'FetchRequest.withSizes': 'the client measures each value\'s wire form (values are fetched for it)',
  'FetchRequest.withUnpublishedDelayedTopics': 'no delayed publication here: the request is unchanged',
  'TopicResult.valueCount': '1 or 0 (no time series)',
  'TopicResult.valueTotalSize': 'valueSize() (no time series)',
  'Security.reauthenticate': 'non-empty proposed properties reject NOT_SUPPORTED_YET (changePrincipal carries none)',
  'Metrics.setMetricAlert': `rejects NOT_SUPPORTED_YET: ${NO_SERVER} (metric alerts)`,
  'Metrics.listMetricAlerts': `rejects NOT_SUPPORTED_YET: ${NO_SERVER} (metric alerts)`,
  'Metrics.removeMetricAlert': `rejects NOT_SUPPORTED_YET: ${NO_SERVER} (metric alerts)`,
};

const program = ts.createProgram({ rootNames: [diffusionDts, osmosisDts], options: { noEmit: true, lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'] } });
const checker = program.getTypeChecker();

/** The exported symbols of a declaration file, by name. */
function exportsOf(file) {
  const source = program.getSourceFile(file);
  const module = checker.getSymbolAtLocation(source);
  return new Map(checker.getExportsOfModule(module).map((s) => [s.name, s]));
}

/** Instance members (inherited ones too) and, for a class, static members, of an exported declaration. */
function membersOf(symbol) {
  const names = new Set();
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declared = checker.getDeclaredTypeOfSymbol(resolved);
  for (const p of checker.getPropertiesOfType(declared)) names.add(p.name);
  if (resolved.flags & ts.SymbolFlags.Class) {
    const decl = resolved.valueDeclaration || resolved.declarations[0];
    const ctor = checker.getTypeOfSymbolAtLocation(resolved, decl);
    for (const p of checker.getPropertiesOfType(ctor)) if (p.name !== 'prototype') names.add(p.name);
  }
  return [...names].filter((n) => !n.startsWith('_')).sort();
}

const diffusion = exportsOf(diffusionDts);
const osmosis = exportsOf(osmosisDts);
const problems = [];
let total = 0;
let present = 0;
const out = [];
const code = (names) => names.map((m) => `\`${m}\``).join(', ');
for (const [theirs, ours] of SCOPE) {
  const d = diffusion.get(theirs);
  const o = osmosis.get(ours);
  if (!d) { problems.push(`${theirs}: not in ${diffusionDts}`); continue; }
  const mine = new Set(o ? membersOf(o) : []);
  const members = membersOf(d);
  const yes = [];
  const limits = [];
  const missing = [];
  for (const m of members) {
    total++;
    const key = `${theirs}.${m}`;
    if (mine.has(m)) {
      present++;
      if (LIMITED[key]) limits.push(`\`${m}\` (${LIMITED[key]})`); else yes.push(m);
      if (LEFT_OUT[key]) problems.push(`${key}: present, but LEFT_OUT gives a reason`);
    } else {
      const why = LEFT_OUT[key];
      if (!why) problems.push(`${key}: missing from osmosis.d.ts with no reason in LEFT_OUT`);
      missing.push(`\`${m}\` (${why || 'MISSING'})`);
    }
  }
  const extra = [...mine].filter((m) => !members.includes(m));
  const cells = [`${yes.length + limits.length} of ${members.length}`, code(yes) || '—', limits.join('; ') || '—',
    missing.join('; ') || '—', code(extra) || '—'];
  out.push(`| ${theirs} | ${cells.join(' | ')} |`);
}
for (const key of Object.keys(LIMITED)) {
  const [theirs, member] = key.split('.');
  const d = diffusion.get(theirs);
  if (!d || !membersOf(d).includes(member)) problems.push(`${key}: LIMITED names no Diffusion member`);
}
console.log('| Diffusion 6.12 | present | as Diffusion\'s | limited (how) | left out (why) | beyond Diffusion\'s |');
console.log('|---|---|---|---|---|---|');
console.log(out.join('\n'));
const limited = Object.keys(LIMITED).length;
console.log(`coverage: ${present} of ${total} Diffusion 6.12 members of ${SCOPE.length} interfaces present (${limited} of them limited); ${total - present} left out with a reason`);
if (problems.length) {
  console.error(`coverage: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
