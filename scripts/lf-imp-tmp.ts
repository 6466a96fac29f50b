for (const m of ['yaml', 'gray-matter', 'semver', 'ajv', 'ajv/dist/2019.js', 'ajv/dist/2020.js', 'ajv/dist/standalone/index.js', '@babel/parser', 'jsonc-parser', 'picomatch', 'citty']) {
  const t = performance.now(); await import(m); console.log(m, (performance.now() - t).toFixed(1));
}
