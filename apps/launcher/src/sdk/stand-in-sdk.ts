/**
 * A stand-in for a host's own SDK preload (Script Kit loads `~/.scriptkit/sdk/kit-sdk.ts` with
 * `bun run --preload`). The launcher passes it to core as `sdkPreload`, so every script loads it
 * first and the launcher's own preload (the owner watcher, sdk/preload.ts) second: a host keeps
 * its SDK and its scripts still end themselves when the launcher dies. It only leaves a marker
 * scripts can show: its name, and whether it ran before the watcher renamed the process.
 */
const sdk = { name: 'stand-in kit-sdk', loadedFirst: !process.title.startsWith('lifeline:') };
(globalThis as { kitSdk?: typeof sdk }).kitSdk = sdk;
