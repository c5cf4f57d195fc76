/** The `--flags` between `node` and `scripts/start.js` in package.json's start script (node-flags.js). */
export function serverNodeFlags(): string[];
