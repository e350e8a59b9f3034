// Name: Hello
// Description: prints a greeting and exits (the simplest run)
const runtime = process.versions.bun ? `bun ${process.versions.bun}` : `node ${process.versions.node}`;
console.log(`hello from pid ${process.pid} (${runtime})`);
console.log(`my owner is ${process.env.LIFELINE_OWNER ?? 'unknown'}`);
const sdk = globalThis.kitSdk;
console.log(sdk ? `sdk: ${sdk.name} (loaded first: ${sdk.loadedFirst})` : 'sdk: none');
