import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '#infra/create-app.ts';
import type { SafeCommunityStack } from '#infra/stacks/safe-community-stack.ts';

/** Synthesis bundles the function with esbuild: a few seconds, so files do it once, in beforeAll. */
export const SYNTH_TIMEOUT_MS = 120_000;

/** The context `cdk synth` gives the app (feature flags and all), so tests see the same template. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

const outdirs: string[] = [];

/** A fresh cloud assembly directory; `removeOutdirs` (in afterAll) deletes them all. */
export function newOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'safe-community-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

export function removeOutdirs(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

/** Context that skips asset bundling, for tests that only look at resource properties. */
export const SKIP_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] } as const;

export interface SynthesizedApp {
  readonly app: App;
  readonly stack: SafeCommunityStack;
  readonly template: Template;
  readonly assemblyDirectory: string;
}

/**
 * Builds and synthesizes the real app as `npm run synth` does. Synthesis runs the cdk-nag
 * validation plugin and throws when it reports a finding nobody acknowledged.
 */
export function synthesizeApp(extraContext: Record<string, unknown> = {}): SynthesizedApp {
  const { app, stack } = createApp({ outdir: newOutdir(), context: { ...cdkJsonContext(), ...extraContext } });
  const assembly = app.synth();
  return { app, stack, template: Template.fromStack(stack), assemblyDirectory: assembly.directory };
}
