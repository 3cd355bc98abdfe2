// The type check of the browser client, run by `mvn verify` (exec-maven-plugin, phase pre-integration-test; skip it
// with -Dtypecheck.skip) and by hand:
//   node src/typecheck/typecheck.mjs [work directory, default target/typecheck]
// 1. installs the pinned TypeScript of package.json / package-lock.json beside this file into the work directory
//    (npm ci; not again while the installed version is the pinned one), never into war/ (the WAR stays free of it);
// 2. checks the client's modules (war/js/osmosis.js, war/js/osmosis/*.js) from their JSDoc, and that what they
//    export is assignable to what osmosis.d.ts declares (conformance.ts): tsconfig.json;
// 3. extracts the ```js examples and the <script type="module"> of the ```html example of docs/JAVASCRIPT.md into
//    <work>/examples/*.ts and checks them, strict, against war/js/osmosis.d.ts: tsconfig.examples.json;
// 4. checks that osmosis.js exports at runtime exactly the values osmosis.d.ts declares, and that
//    war/js/package.json has the version the module exports.
// Any failure exits with status 1 and says what failed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const work = resolve(process.argv[2] || join(root, 'target/typecheck'));
const failures = [];

// ---- 1. TypeScript, pinned -------------------------------------------------------------------------------------------

const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).devDependencies.typescript;
const installed = join(work, 'node_modules/typescript/package.json');
if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== pinned) {
  mkdirSync(work, { recursive: true });
  copyFileSync(join(here, 'package.json'), join(work, 'package.json'));
  copyFileSync(join(here, 'package-lock.json'), join(work, 'package-lock.json'));
  console.log(`typecheck: installing typescript ${pinned} into ${relative(root, work) || work}`);
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: work, stdio: 'inherit' });
}
const ts = createRequire(join(work, 'package.json'))('typescript');
console.log(`typecheck: TypeScript ${ts.version}`);

/** Runs tsc's checks for a tsconfig: returns the number of errors, printed as tsc prints them. */
function check(tsconfig) {
  const host = {
    getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n',
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostic(d, host)); },
  });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  if (diagnostics.length > 0) {
    const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    console.log(format(diagnostics, host));
  }
  console.log(`typecheck: ${relative(root, tsconfig)}: ${parsed.fileNames.length} files, ${diagnostics.length} errors`);
  return diagnostics.length;
}

// ---- 2. the client's modules --------------------------------------------------------------------------------------------

if (check(join(here, 'tsconfig.json')) > 0) failures.push('the modules of war/js do not type-check');

// ---- 3. the examples of docs/JAVASCRIPT.md ---------------------------------------------------------------------------------

const examples = join(work, 'examples');
rmSync(examples, { recursive: true, force: true });
mkdirSync(examples, { recursive: true });
const doc = readFileSync(join(root, 'docs/JAVASCRIPT.md'), 'utf8');
const declarations = relative(examples, join(root, 'war/js/osmosis.js')).split('\\').join('/');
const start = "const diffusion = await import('/js/osmosis.js');";
// As BrowserIT runs them: a block that starts with the import starts an example, the blocks after it go on from it.
// Blocks before the first such one stand alone; a block that uses `diffusion` or `session` without defining them
// gets them declared (the page's import, a connected session).
const files = [];
for (const block of doc.matchAll(/```(js|html)\n([\s\S]*?)```/g)) {
  const line = doc.slice(0, block.index).split('\n').length + 1;
  let code = block[2];
  if (block[1] === 'html') {
    const script = /<script type="module">\n([\s\S]*?)<\/script>/.exec(code);
    if (!script) continue;
    code = script[1];
  }
  if (block[1] === 'js' && !code.startsWith(start) && files.length > 0 && files[files.length - 1].continues) {
    files[files.length - 1].code += `\n// docs/JAVASCRIPT.md:${line}\n${code}`;
  } else {
    files.push({ line, code: `// docs/JAVASCRIPT.md:${line}\n${code}`, continues: code.startsWith(start) });
  }
}
for (const [i, file] of files.entries()) {
  let code = file.code.split("'/js/osmosis.js'").join(`'${declarations}'`);
  const preamble = [];
  if (!/\b(import \* as diffusion|const diffusion)\b/.test(code)) preamble.push(`import * as diffusion from '${declarations}';`);
  if (!/\b(const|let) session\b/.test(code) && /\bsession\b/.test(code)) preamble.push(`declare const session: import('${declarations}').Session;`);
  code = [...preamble, code, 'export {};', ''].join('\n');
  writeFileSync(join(examples, `example-${String(i + 1).padStart(2, '0')}-line-${file.line}.ts`), code);
}
console.log(`typecheck: ${files.length} examples of docs/JAVASCRIPT.md in ${relative(root, examples)}`);
if (files.length < 8) failures.push(`only ${files.length} examples found in docs/JAVASCRIPT.md`);
if (check(join(here, 'tsconfig.examples.json')) > 0) failures.push('the examples of docs/JAVASCRIPT.md do not type-check against osmosis.d.ts');

// ---- 4. runtime exports = declared values; package.json version = module version ---------------------------------------------

const declared = (() => {
  const file = join(root, 'war/js/osmosis.d.ts');
  const program = ts.createProgram([file], { noEmit: true, lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'] });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file));
  return checker.getExportsOfModule(symbol).filter((s) => (s.flags & ts.SymbolFlags.Value) !== 0).map((s) => s.name).sort();
})();
globalThis.WebSocket ??= class {}; // the modules only touch browser globals when a session connects
const client = await import(pathToFileURL(join(root, 'war/js/osmosis.js')).href);
const exported = Object.keys(client).sort();
const undeclared = exported.filter((n) => !declared.includes(n));
const missing = declared.filter((n) => !exported.includes(n));
if (undeclared.length > 0) failures.push(`osmosis.js exports what osmosis.d.ts does not declare as a value: ${undeclared.join(', ')}`);
if (missing.length > 0) failures.push(`osmosis.d.ts declares values osmosis.js does not export: ${missing.join(', ')}`);
console.log(`typecheck: osmosis.js exports ${exported.length} values, osmosis.d.ts declares ${declared.length}`);
const pkg = JSON.parse(readFileSync(join(root, 'war/js/package.json'), 'utf8'));
if (pkg.version !== client.version) failures.push(`war/js/package.json has version ${pkg.version}, osmosis.js says ${client.version}`);

if (failures.length > 0) {
  for (const f of failures) console.error(`typecheck FAILED: ${f}`);
  process.exit(1);
}
console.log('typecheck: OK');
