// Lints code snippets as if they were files of this repository, with the repository's own
// eslint.config.mjs, through ESLint's Node API, and prints what it reports.
//   stdin:  JSON array of { filePath, code }, filePath relative to the repository root (the file
//           need not exist)
//   stdout: JSON array, one entry per snippet, in order: { messages: [{ ruleId, message }],
//           boundariesOff: the import-boundaries/* rules that a config block (the legacy
//           exceptions) turns off for that path }
// import-boundaries.spec.ts runs it as a child process: jest cannot load an ES module config.
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { ESLint } from 'eslint';

const repoRoot = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: repoRoot });
const snippets = JSON.parse(await text(process.stdin));
const results = [];
for (const { filePath, code } of snippets) {
  const absolute = join(repoRoot, filePath);
  const [result] = await eslint.lintText(code, { filePath: absolute, warnIgnored: true });
  const { rules } = await eslint.calculateConfigForFile(absolute);
  results.push({
    messages: result.messages.map(({ ruleId, message }) => ({ ruleId, message })),
    boundariesOff: Object.entries(rules)
      .filter(([id]) => id.startsWith('import-boundaries/'))
      .filter(([, entry]) => [0, 'off'].includes(Array.isArray(entry) ? entry[0] : entry))
      .map(([id]) => id),
  });
}
process.stdout.write(JSON.stringify(results));
