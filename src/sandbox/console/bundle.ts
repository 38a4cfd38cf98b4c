import { join } from 'node:path';

/** The browser app (app/main.ts) bundled in memory by esbuild when the console starts. */
export async function bundleConsoleApp(): Promise<string> {
  // esbuild is a dev dependency: loaded here only, so nothing else in the bot ever needs it.
  const { build, stop } = await import('esbuild');
  const result = await build({
    entryPoints: [join(__dirname, 'app', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  // esbuild keeps a helper process for later builds; the console builds once.
  await stop();
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no console bundle');
  return output.text;
}
