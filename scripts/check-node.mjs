// `npm run dist` guard: electron-builder's native rebuild (@electron/rebuild, node-abi) needs a newer Node
// than running and testing the app does; say so in one line instead of failing deep inside the packager.
const [need = '22.12.0'] = process.argv.slice(2);
const toNums = (v) => v.replace(/^v/, '').split('.').map(Number);
const [a, b, c] = toNums(process.versions.node);
const [x, y, z] = toNums(need);
const ok = a !== x ? a > x : b !== y ? b > y : c >= z;
if (!ok) {
  console.error(
    `npm run dist needs Node ${need} or later (electron-builder); this is Node ${process.versions.node}.`,
  );
  process.exit(1);
}
