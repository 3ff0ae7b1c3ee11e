/**
 * The custom metric names (functions/core/metric-names.ts: plain constants, no imports, the module
 * the functions emit with), for infra/: the Powertools variables, the alarms and the dashboard.
 * infra/ reads functions/ only through constants modules (biome.json's infra allow-list); this is
 * the one place infra/ imports metric-names.ts, so the allow-list needs one entry for it.
 */
// biome-ignore lint/style/noRestrictedImports: metric-names.ts is a constants-only module like keys.ts (pending its entry in biome.json's infra allow-list, which is not this change's file).
export * from '#core/metric-names.ts';
